#include "fuzz_env.hpp"

#include <cstdio>
#include <cstdlib>

#include "common/log.hpp"
#include "common/random.hpp"
#include "service/accounts_service.hpp"
#include "service/identity_service.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/user_repository.hpp"

namespace entitled::fuzz {
namespace {

[[noreturn]] void Die(const char* what, const Error& e) {
    std::fprintf(stderr, "fuzz set-up failed: %s: %s %s\n", what, std::string(ProblemName(e.problem)).c_str(),
                 e.internal.c_str());
    std::abort();
}

std::int64_t AddUser(storage::Database& db, const char* email, const char* token, std::vector<domain::Flag> flags,
                     domain::UserKind kind) {
    auto r = db.Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        service::NewUser input{email, email, std::nullopt, Locale::kEn, kind, std::move(flags)};
        ENT_ASSIGN_OR_RETURN(auto user, service::CreateUser(tx, service::Actor::Cli(), input, "http://fuzz", 0));
        ENT_TRY(storage::UserRepository(tx).InsertToken(user.id, "fuzz", HashSecret(token), 0));
        return user.id;
    });
    if (!r.ok()) Die("user", r.error());
    return *r;
}

std::unique_ptr<FuzzEnv> Build() {
    InitCrypto();
    SetLogLevel(LogLevel::kError);  // an access-log line per input would drown the fuzzer's output
    auto env = std::make_unique<FuzzEnv>();
    auto db = storage::OpenDatabase("sqlite::memory:");
    if (!db.ok()) Die("database", db.error());
    env->db = std::move(*db);
    if (auto m = storage::Migrate(*env->db, env->clock); !m.ok()) Die("migrate", m.error());
    AddUser(*env->db, "admin@fuzz.example", "fuzz-admin", {domain::Flag::kPlatformAdmin}, domain::UserKind::kInternal);
    env->customer_id = AddUser(*env->db, "customer@fuzz.example", "fuzz-customer", {}, domain::UserKind::kExternal);
    auto account = env->db->Run(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        ENT_ASSIGN_OR_RETURN(auto user, service::FindUserByEmail(tx, "customer@fuzz.example"));
        service::Actor actor = service::Actor::Of(user, "fuzz");
        ENT_ASSIGN_OR_RETURN(
            auto row,
            service::CreateAccount(
                tx, actor, {"Fuzz GmbH", "fuzz.example", domain::AccountKind::kCustomer, "Fuzz GmbH", "DE"}, 0));
        return row.id;
    });
    if (!account.ok()) Die("account", account.error());
    env->account_id = *account;
    env->app = std::make_unique<api::App>(api::App{*env->db, env->clock, env->metrics});
    api::RegisterRoutes(env->router, *env->app);
    env->pipeline = std::make_unique<http::Pipeline>(env->router, env->metrics, env->static_files);
    return env;
}

}  // namespace

FuzzEnv& Env() {
    static std::unique_ptr<FuzzEnv> env = Build();
    return *env;
}

}  // namespace entitled::fuzz
