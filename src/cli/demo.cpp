// `entitled demo`: loads the demo world (cli/demo_data.hpp) and prints the demo sign-ins.
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/demo_data.hpp"
#include "cli/options.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::cli {

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

    auto demo = LoadDemoData(**db, clock, vm["base-url"].as<std::string>());
    if (!demo.ok()) {
        return Fail("demo data: " + Translate(Locale::kEn, demo.error().message, demo.error().args) + " (" +
                    std::string(ProblemName(demo.error().problem)) + ") " + demo.error().internal);
    }
    std::cout << "Demo data ready (" << demo->users << " new users, " << demo->accounts << " new Smart Accounts, "
              << demo->orders << " new orders). Sign in with password \"" << DemoPassword() << "\":\n";
    for (const auto& u : DemoSignIns()) {
        std::cout << "  " << std::left << std::setw(30) << u.email << " " << u.who << " (" << LocaleCode(u.locale)
                  << ")\n";
    }
    if (demo->production_token) {
        std::cout << "Device registration token for Kunde GmbH / Produktion (shown once, valid 90 days):\n  "
                  << *demo->production_token << "\n";
    }
    return kExitOk;
}

}  // namespace entitled::cli
