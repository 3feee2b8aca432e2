// migrate, user add, token add.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "domain/user.hpp"
#include "service/identity_service.hpp"
#include "service/passwords.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::cli {
namespace {

// Opens and migrates the database; prints the reason and returns null on failure.
std::unique_ptr<storage::Database> OpenMigrated(const po::variables_map& vm, const Clock& clock) {
    auto db = storage::OpenDatabase(vm["database"].as<std::string>());
    if (!db.ok()) {
        Fail("cannot open database: " + db.error().internal);
        return nullptr;
    }
    auto migrated = storage::Migrate(**db, clock);
    if (!migrated.ok()) {
        Fail("migration failed: " + migrated.error().internal);
        return nullptr;
    }
    return std::move(*db);
}

std::string Describe(const Error& e) {
    std::string text = Translate(Locale::kEn, e.message, e.args);
    for (const auto& f : e.fields) text += "\n  --" + f.field + ": " + Translate(Locale::kEn, f.message, f.args);
    if (e.code == ErrorCode::kInternal && !e.internal.empty()) text += " (" + e.internal + ")";
    return text;
}

}  // namespace

int RunMigrate(const std::vector<std::string>& args) {
    Command cmd{"migrate", "Applies pending database migrations and exits.", "entitled migrate --database URL"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    auto db = storage::OpenDatabase(vm["database"].as<std::string>());
    if (!db.ok()) return Fail("cannot open database: " + db.error().internal);
    SystemClock clock;
    auto applied = storage::Migrate(**db, clock);
    if (!applied.ok()) return Fail("migration failed: " + applied.error().internal);
    std::cout << "applied " << *applied << " migration(s); schema version " << storage::LatestSchemaVersion() << "\n";
    return kExitOk;
}

int RunUserAdd(const std::vector<std::string>& args) {
    Command cmd{"user add", "Creates a user.",
                "entitled user add --database URL --email E --name N --password P [--locale en|fr|de] [--internal] "
                "[--flag F]…"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    AddBaseUrlOption(desc);
    desc.add_options()                                                                       //
        ("email", po::value<std::string>()->required(), "email address (sign-in name)")      //
        ("name", po::value<std::string>()->required(), "display name")                       //
        ("password", po::value<std::string>()->required(), "password, 8 to 128 characters")  //
        ("locale", po::value<std::string>()->default_value("en"), "language: en, fr or de")  //
        ("internal", po::bool_switch(), "an internal (vendor) user")                         //
        ("flag", po::value<std::vector<std::string>>()->composing(),
         "platform_admin, licensing_support, compliance or order_integration (repeatable; internal users only)");
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;

    service::NewUser user;
    const auto email = vm["email"].as<std::string>();
    if (!domain::IsValidEmail(email)) return Usage("--email: " + Translate(Locale::kEn, "field.invalid_email"));
    user.email = domain::NormalizeEmail(email);
    user.name = vm["name"].as<std::string>();
    if (user.name.empty() || domain::Utf8Length(user.name) > domain::kMaxNameLength)
        return Usage("--name: 1 to 200 characters");
    if (auto bad = service::CheckPasswordPolicy(vm["password"].as<std::string>(), "password")) {
        return Usage("--password: " + Translate(Locale::kEn, bad->message, bad->args));
    }
    const auto locale = vm["locale"].as<std::string>();
    if (locale.size() != 2 || !ParseLocale(locale, user.locale)) return Usage("--locale: use en, fr or de");
    user.kind = vm["internal"].as<bool>() ? domain::UserKind::kInternal : domain::UserKind::kExternal;
    if (vm.count("flag") != 0) {
        for (const auto& name : vm["flag"].as<std::vector<std::string>>()) {
            auto flag = domain::ParseFlag(name);
            if (!flag)
                return Usage("--flag " + name +
                             ": use platform_admin, licensing_support, compliance or order_integration");
            user.flags.push_back(*flag);
        }
        if (user.kind != domain::UserKind::kInternal) return Usage("--flag requires --internal");
    }
    auto hash = service::HashPassword(vm["password"].as<std::string>());
    if (!hash.ok()) return Fail(hash.error().internal);
    user.password_hash = *hash;

    SystemClock clock;
    auto db = OpenMigrated(vm, clock);
    if (!db) return kExitFailure;
    auto created = db->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) {
        return service::CreateUser(tx, service::Actor::Cli(), user, vm["base-url"].as<std::string>(), clock.Now());
    });
    if (!created.ok()) return Fail(Describe(created.error()));
    std::cout << "created user " << created->id << " <" << created->email << ">\n";
    return kExitOk;
}

int RunTokenAdd(const std::vector<std::string>& args) {
    Command cmd{"token add", "Prints a new API token for a user. The token is shown only this once.",
                "entitled token add --database URL --email E --name N"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    desc.add_options()                                                               //
        ("email", po::value<std::string>()->required(), "the user's email address")  //
        ("name", po::value<std::string>()->required(), "a label for the token, e.g. the integration's name");
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    const auto name = vm["name"].as<std::string>();
    if (name.empty() || name.size() > 100) return Usage("--name: 1 to 100 characters");
    SystemClock clock;
    auto db = OpenMigrated(vm, clock);
    if (!db) return kExitFailure;
    auto issued = db->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<service::IssuedToken> {
        ENT_ASSIGN_OR_RETURN(auto user, service::FindUserByEmail(tx, vm["email"].as<std::string>()));
        return service::IssueToken(tx, service::Actor::Cli(), user.id, name, clock.Now());
    });
    if (!issued.ok()) return Fail(Describe(issued.error()));
    std::cout << issued->token << "\n";
    return kExitOk;
}

}  // namespace entitled::cli
