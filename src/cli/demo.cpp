// `entitled demo`: loads demo data so `make run` shows the product. Safe to
// run again: what already exists is left alone. Later features add their
// demo data here.
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "service/identity_service.hpp"
#include "service/passwords.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/user_repository.hpp"

namespace entitled::cli {
namespace {

struct DemoUser {
    const char* email;
    const char* name;
    Locale locale;
    domain::UserKind kind;
    std::vector<domain::Flag> flags;
    const char* role;
};

constexpr const char* kDemoPassword = "entitled-demo";

std::vector<DemoUser> DemoUsers() {
    using domain::Flag;
    using domain::UserKind;
    return {
        {"admin@vendor.example", "Ada Admin", Locale::kEn, UserKind::kInternal, {Flag::kPlatformAdmin},
         "platform admin"},
        {"support@vendor.example", "Sam Support", Locale::kEn, UserKind::kInternal, {Flag::kLicensingSupport},
         "licensing support"},
        {"compliance@vendor.example", "Chloé Conformité", Locale::kFr, UserKind::kInternal, {Flag::kCompliance},
         "compliance officer"},
        {"erp@vendor.example", "ERP Integration", Locale::kEn, UserKind::kInternal, {Flag::kOrderIntegration},
         "order integration"},
        {"paula@partner.example", "Paula Partner", Locale::kEn, UserKind::kExternal, {}, "partner"},
        {"jana@kunde.example", "Jana Kunde", Locale::kDe, UserKind::kExternal, {}, "customer (German)"},
        {"luc@client.example", "Luc Client", Locale::kFr, UserKind::kExternal, {}, "customer (French)"},
    };
}

}  // namespace

int RunDemo(const std::vector<std::string>& args) {
    Command cmd{"demo", "Loads demo users and data (idempotent) and prints the demo sign-ins.",
                "entitled demo --database URL"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    AddBaseUrlOption(desc);
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    auto db = storage::OpenDatabase(vm["database"].as<std::string>());
    if (!db.ok()) return Fail("cannot open database: " + db.error().internal);
    SystemClock clock;
    if (auto m = storage::Migrate(**db, clock); !m.ok()) return Fail("migration failed: " + m.error().internal);

    auto hash = service::HashPassword(kDemoPassword);
    if (!hash.ok()) return Fail(hash.error().internal);
    int created = 0;
    for (const auto& u : DemoUsers()) {
        auto r = (*db)->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<bool> {
            storage::UserRepository users(tx);
            ENT_ASSIGN_OR_RETURN(auto existing, users.FindByEmail(u.email));
            if (existing) return false;
            service::NewUser input{u.email, u.name, *hash, u.locale, u.kind, u.flags};
            ENT_TRY(service::CreateUser(tx, service::Actor::Cli(), input, vm["base-url"].as<std::string>(), clock.Now()));
            return true;
        });
        if (!r.ok()) return Fail("demo user " + std::string(u.email) + ": " + r.error().internal);
        created += *r ? 1 : 0;
    }
    std::cout << "Demo data ready (" << created << " new users). Sign in with password \"" << kDemoPassword
              << "\":\n";
    for (const auto& u : DemoUsers()) {
        std::cout << "  " << std::left << std::setw(30) << u.email << " " << u.role << " (" << LocaleCode(u.locale)
                  << ")\n";
    }
    return kExitOk;
}

}  // namespace entitled::cli
