#pragma once
// The demo world (README "Things to try"): demo users, Kunde GmbH with its
// Virtual Accounts, Paula's holding account and pending Neukunde AG request,
// the orders SO-1001…SO-1005, a support case, devices and transfers.
// LoadDemoData is idempotent; `entitled demo` and the in-process tests use it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/i18n.hpp"
#include "storage/db.hpp"

namespace entitled::cli {

struct DemoSummary {
    int users = 0;     // created now
    int accounts = 0;  // created now
    int orders = 0;    // created now
    // The Produktion VA's registration token, when the devices were loaded now (its secret is shown once).
    std::optional<std::string> production_token;
};

struct DemoSignIn {
    const char* email;
    const char* who;
    Locale locale;
};
const std::vector<DemoSignIn>& DemoSignIns();
std::string_view DemoPassword();

Result<DemoSummary> LoadDemoData(storage::Database& db, const Clock& clock, const std::string& base_url);

}  // namespace entitled::cli
