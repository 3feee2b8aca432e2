#pragma once
// In-process tests of services and repositories: the demo world
// (cli/demo_data.hpp) in a private SQLite database, with no server and no
// HTTP in between, so a rule change is tested in seconds. The world is built
// once per test process and copied for each test (hashing the demo users'
// passwords is deliberately slow).

#include <memory>
#include <string>
#include <vector>

#include "service/actor.hpp"
#include "storage/db.hpp"
#include "storage/integrity_repository.hpp"

namespace entitled::testing {

class DemoWorld {
  public:
    DemoWorld();
    ~DemoWorld();
    DemoWorld(const DemoWorld&) = delete;
    DemoWorld& operator=(const DemoWorld&) = delete;

    storage::Database& db() { return *db_; }
    // A demo user as the API would see them: with their memberships.
    service::Actor As(const std::string& email);
    service::Actor Console() const { return service::Actor::Cli(); }

    std::int64_t AccountId(const std::string& name);
    std::int64_t VirtualAccountId(const std::string& account, const std::string& va);

    // What `entitled check` reports; empty when the data is consistent.
    std::vector<storage::Violation> Violations();

    // Runs fn(tx) in one write transaction, as a request would.
    template <typename F>
    auto Write(F&& fn) {
        return db_->Run(storage::TxMode::kWrite, std::forward<F>(fn));
    }
    template <typename F>
    auto Read(F&& fn) {
        return db_->Run(storage::TxMode::kRead, std::forward<F>(fn));
    }

  private:
    std::string dir_;
    std::unique_ptr<storage::Database> db_;
};

// "invariant: detail" lines, for failure messages.
std::string Describe(const std::vector<storage::Violation>& violations);

}  // namespace entitled::testing
