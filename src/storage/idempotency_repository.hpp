#pragma once
// SQL for the responses kept for Idempotency-Key replays.

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "storage/db.hpp"

namespace entitled::storage {

struct StoredResponse {
    std::string request_hash;  // method, path and body: a reused key with another request is refused
    unsigned status = 0;
    std::string content_type;
    std::string body;
};

class IdempotencyRepository {
  public:
    explicit IdempotencyRepository(Transaction& tx) : tx_(tx) {}

    // The response stored for `key` of `principal` at `fresh_since` or later.
    Result<std::optional<StoredResponse>> Find(const std::string& principal, const std::string& key,
                                               Micros fresh_since);
    // Stores a response, replacing an expired one (older than `fresh_since`)
    // of the same key. kUniqueViolation when a concurrent request stored first.
    Status Insert(const std::string& principal, const std::string& key, const StoredResponse& response, Micros now,
                  Micros fresh_since);
    // Housekeeping: drops responses stored before `before`.
    Status PruneBefore(Micros before);

  private:
    Transaction& tx_;
};

}  // namespace entitled::storage
