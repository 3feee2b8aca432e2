// The member CSV import (`POST /smart-accounts/{id}/members/import`) on its
// own: any text either imports or is refused row by row, never a 5xx. Each
// input runs in a transaction that is rolled back, so inputs stay independent.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_env.hpp"
#include "service/accounts_service.hpp"
#include "service/identity_service.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& env = entitled::fuzz::Env();
    auto tx = env.db->Begin(entitled::storage::TxMode::kWrite);
    if (!tx.ok()) std::abort();
    auto user = entitled::service::FindUserByEmail(**tx, "customer@fuzz.example");
    if (!user.ok()) std::abort();
    entitled::service::Actor actor = entitled::service::Actor::Of(*user, "fuzz");
    if (!entitled::service::LoadMemberships(**tx, actor).ok()) std::abort();
    const std::string csv(reinterpret_cast<const char*>(data), size);
    auto result = entitled::service::ImportMembers(**tx, actor, env.account_id, csv, {"http://fuzz"}, 0);
    if (!result.ok() && result.error().code == entitled::ErrorCode::kInternal) {
        std::fprintf(stderr, "import failed internally: %s\n", result.error().internal.c_str());
        std::abort();
    }
    (*tx)->Rollback();
    return 0;
}
