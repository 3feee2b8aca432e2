#include "demo_world.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "cli/demo_data.hpp"
#include "common/log.hpp"
#include "common/random.hpp"
#include "service/accounts_service.hpp"
#include "service/identity_service.hpp"
#include "storage/account_repository.hpp"
#include "storage/migrations/migrations.hpp"

namespace entitled::testing {
namespace {

namespace fs = std::filesystem;

std::string TempDir() {
    std::string pattern = (fs::temp_directory_path() / "entitled-world-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

template <typename T>
T Must(Result<T> r, const char* what) {
    if (!r.ok()) {
        throw std::runtime_error(std::string(what) + ": " + std::string(ProblemName(r.error().problem)) + " " +
                                 r.error().internal);
    }
    return std::move(r).value();
}

// The demo world, built once per process into a file every test copies.
const std::string& Template() {
    static const std::string path = [] {
        InitCrypto();
        SetLogLevel(LogLevel::kError);
        const std::string file = TempDir() + "/demo.db";
        auto db = Must(storage::OpenDatabase("sqlite:" + file), "open");
        SystemClock clock;
        Must(storage::Migrate(*db, clock), "migrate");
        Must(cli::LoadDemoData(*db, clock, "http://localhost:8080"), "demo data");
        return file;
    }();
    return path;
}

}  // namespace

DemoWorld::DemoWorld() : dir_(TempDir()) {
    const std::string file = dir_ + "/world.db";
    fs::copy_file(Template(), file);
    db_ = Must(storage::OpenDatabase("sqlite:" + file), "open copy");
}

DemoWorld::~DemoWorld() {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

service::Actor DemoWorld::As(const std::string& email) {
    return Must(Read([&](storage::Transaction& tx) -> Result<service::Actor> {
                    ENT_ASSIGN_OR_RETURN(auto user, service::FindUserByEmail(tx, email));
                    service::Actor actor = service::Actor::Of(user, "test");
                    ENT_TRY(service::LoadMemberships(tx, actor));
                    return actor;
                }),
                email.c_str());
}

std::int64_t DemoWorld::AccountId(const std::string& name) {
    return Must(Read([&](storage::Transaction& tx) -> Result<std::int64_t> {
                    storage::AccountRepository accounts(tx);
                    ENT_ASSIGN_OR_RETURN(auto found, accounts.Search(storage::AccountSearch::kName, name, 0, 0, 10));
                    for (const auto& a : found) {
                        if (a.name == name) return a.id;
                    }
                    return NotFound();
                }),
                name.c_str());
}

std::int64_t DemoWorld::VirtualAccountId(const std::string& account, const std::string& va) {
    const std::int64_t sa = AccountId(account);
    return Must(Read([&](storage::Transaction& tx) -> Result<std::int64_t> {
                    ENT_ASSIGN_OR_RETURN(auto vas, storage::AccountRepository(tx).VirtualAccounts(sa));
                    for (const auto& v : vas) {
                        if (v.name == va) return v.id;
                    }
                    return NotFound();
                }),
                va.c_str());
}

std::vector<storage::Violation> DemoWorld::Violations() {
    return Must(Read([](storage::Transaction& tx) { return storage::FindViolations(tx); }), "check");
}

std::string Describe(const std::vector<storage::Violation>& violations) {
    std::string out;
    for (const auto& v : violations) out += v.invariant + ": " + v.detail + "\n";
    return out;
}

}  // namespace entitled::testing
