// `entitled backup`: a consistent online copy of a SQLite database, checked
// before it is called a backup.
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "storage/integrity_repository.hpp"

namespace entitled::cli {

int RunBackup(const std::vector<std::string>& args) {
    Command cmd{"backup",
                "Writes a consistent copy of a SQLite database to a new file while the server keeps running, then "
                "opens the copy and verifies its invariants as `entitled check` does. For PostgreSQL it prints how "
                "to use pg_dump instead.",
                "entitled backup --database URL --to FILE"};
    po::options_description desc("Options");
    AddDatabaseOption(desc);
    desc.add_options()("to", po::value<std::string>()->required(), "the new file to write (must not exist)");
    po::variables_map vm;
    if (auto code = Parse(cmd, desc, args, vm)) return *code;
    const std::string url = vm["database"].as<std::string>();
    const std::string target = vm["to"].as<std::string>();
    if (url.rfind("postgres", 0) == 0) {
        return Fail("PostgreSQL databases are backed up with its own tools, e.g.: pg_dump --format=custom --file " +
                    target + " '" + url +
                    "' (restore with pg_restore into an empty database); back up the key directory (serve "
                    "--key-dir) separately");
    }
    if (std::filesystem::exists(target)) return Fail(target + " exists; choose a new file");
    auto db = storage::OpenDatabase(url);
    if (!db.ok()) return Fail("cannot open database: " + db.error().internal);
    if (auto st = (*db)->BackupTo(target); !st.ok()) return Fail("backup failed: " + st.error().internal);

    auto copy = storage::OpenDatabase("sqlite:" + target);
    if (!copy.ok()) return Fail("the copy cannot be opened: " + copy.error().internal);
    auto violations =
        (*copy)->Run(storage::TxMode::kRead, [](storage::Transaction& tx) { return storage::FindViolations(tx); });
    if (!violations.ok()) return Fail("the copy cannot be checked: " + violations.error().internal);
    if (!violations->empty()) {
        for (const auto& v : *violations) std::cerr << "VIOLATION [" << v.invariant << "] " << v.detail << "\n";
        return Fail("the copy has " + std::to_string(violations->size()) + " violation(s)");
    }
    std::cout << "backup written to " << target << " (" << std::filesystem::file_size(target)
              << " bytes) and checked: no violations\n"
              << "the key directory (serve --key-dir, default data/keys) is not in it: back it up separately; "
                 "without its secrets.key the TOTP secrets in the backup cannot be read\n";
    return kExitOk;
}

}  // namespace entitled::cli
