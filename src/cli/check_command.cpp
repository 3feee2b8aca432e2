// `entitled check`: verifies the data's invariants; exit 1 on any violation.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "storage/integrity_repository.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::cli {

int RunCheck(const std::vector<std::string>& args) {
    Command cmd{"check",
                "Verifies the data's invariants: every deposited quantity is somewhere exactly once, lots match their "
                "ledger, licenses sit where their order lines point, holds match assignments. Prints each violation "
                "and exits 1 if there is any.",
                "entitled check --database URL"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    auto db = storage::OpenDatabase(vm["database"].as<std::string>());
    if (!db.ok()) return Fail("cannot open database: " + db.error().internal);
    auto version = storage::CurrentSchemaVersion(**db);
    if (!version.ok()) return Fail("cannot read the schema version: " + version.error().internal);
    if (*version < storage::LatestSchemaVersion()) {
        return Fail("the database is at schema version " + std::to_string(*version) + ", not " +
                    std::to_string(storage::LatestSchemaVersion()) + ": run entitled migrate first");
    }
    auto violations =
        (*db)->Run(storage::TxMode::kRead, [](storage::Transaction& tx) { return storage::FindViolations(tx); });
    if (!violations.ok()) return Fail("check failed: " + violations.error().internal);
    for (const auto& v : *violations) std::cout << "VIOLATION [" << v.invariant << "] " << v.detail << "\n";
    if (!violations->empty()) {
        std::cerr << "entitled: " << violations->size() << " violation(s)\n";
        return kExitFailure;
    }
    std::cout << "ok: no violations\n";
    return kExitOk;
}

}  // namespace entitled::cli
