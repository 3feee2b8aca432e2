// `entitled keys rotate|list|retire`: the Ed25519 keys that sign what devices verify (SPEC §8).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "common/i18n.hpp"
#include "service/signing_keys.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::cli {
namespace {

void AddKeyDirOption(po::options_description& desc) {
    desc.add_options()("key-dir", po::value<std::string>()->default_value("data/keys"),
                       "the key directory of the servers (serve --key-dir)");
}

Result<std::unique_ptr<storage::Database>> OpenForKeys(const po::variables_map& vm, const Clock& clock) {
    ENT_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(vm["database"].as<std::string>()));
    ENT_TRY(storage::Migrate(*db, clock));
    return db;
}

}  // namespace

int RunKeysRotate(const std::vector<std::string>& args) {
    Command cmd{"keys rotate",
                "Adds a signing key that signs from now on; older keys keep verifying until retired. Every server "
                "on the database must see the new key file in its --key-dir.",
                "entitled keys rotate --database URL [--key-dir DIR]"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    AddKeyDirOption(desc);
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    SystemClock clock;
    auto db = OpenForKeys(vm, clock);
    if (!db.ok()) return Fail(db.error().internal);
    service::SigningKeys keys(vm["key-dir"].as<std::string>());
    auto kid = keys.Rotate(**db, clock.Now());
    if (!kid.ok()) return Fail(kid.error().internal);
    std::cout << "new signing key " << *kid << " (" << keys.dir().string() << "/signing-" << *kid << ".key)\n";
    return kExitOk;
}

int RunKeysList(const std::vector<std::string>& args) {
    Command cmd{"keys list",
                "Lists the signing keys: kid, created, retired, which one signs, whether its private "
                "half is in --key-dir.",
                "entitled keys list --database URL [--key-dir DIR]"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    AddKeyDirOption(desc);
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    SystemClock clock;
    auto db = OpenForKeys(vm, clock);
    if (!db.ok()) return Fail(db.error().internal);
    auto rows = (*db)->Run(storage::TxMode::kRead, [](storage::Transaction& tx) { return service::PublishedKeys(tx); });
    if (!rows.ok()) return Fail(rows.error().internal);
    const service::SigningKeys keys(vm["key-dir"].as<std::string>());
    bool signing_found = false;
    std::cout << "kid\tcreated_at\tretired_at\tstate\tprivate_key\n";
    for (const auto& k : *rows) {
        std::string state = "verifies";
        if (k.retired_at) {
            state = "retired";
        } else if (!signing_found) {
            state = "signs";  // newest first: the first one not retired
            signing_found = true;
        }
        std::cout << k.kid << "\t" << FormatRfc3339(k.created_at) << "\t"
                  << (k.retired_at ? FormatRfc3339(*k.retired_at) : "-") << "\t" << state << "\t"
                  << (keys.HasPrivateKey(k.kid) ? "present" : "missing") << "\n";
    }
    return kExitOk;
}

int RunKeysRetire(const std::vector<std::string>& args) {
    Command cmd{"keys retire",
                "Retires a key: devices stop accepting what it signed. The key that signs cannot be retired while "
                "it is the only one (rotate first).",
                "entitled keys retire --database URL --kid KID"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    desc.add_options()("kid", po::value<std::string>()->required(), "the key to retire");
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    SystemClock clock;
    auto db = OpenForKeys(vm, clock);
    if (!db.ok()) return Fail(db.error().internal);
    const auto kid = vm["kid"].as<std::string>();
    auto retired = (*db)->Run(storage::TxMode::kWrite,
                              [&](storage::Transaction& tx) { return service::RetireKey(tx, kid, clock.Now()); });
    if (!retired.ok()) {
        if (retired.error().problem == Problem::kNotFound) return Fail("no key " + kid + " that is not retired");
        return Fail(Translate(Locale::kEn, InfoOf(retired.error().problem).message, retired.error().args));
    }
    std::cout << "retired " << kid << "\n";
    return kExitOk;
}

}  // namespace entitled::cli
