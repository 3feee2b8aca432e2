#pragma once
// The world the fuzz targets run in: the real router, pipeline and handlers
// over an in-memory SQLite database, with two users whose bearer tokens are
// fixed so that inputs can reach authenticated routes:
//   Authorization: Bearer fuzz-admin      (platform admin)
//   Authorization: Bearer fuzz-customer   (sa_admin of account 1, VA 1)

#include <memory>

#include "api/app.hpp"
#include "http/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "storage/db.hpp"

namespace entitled::fuzz {

struct FuzzEnv {
    std::unique_ptr<storage::Database> db;
    SystemClock clock;
    http::Metrics metrics;
    std::unique_ptr<api::App> app;
    http::Router router;
    http::StaticFiles static_files{""};
    std::unique_ptr<http::Pipeline> pipeline;
    std::int64_t account_id = 0;
    std::int64_t customer_id = 0;
};

// Built once per process; aborts if the set-up fails (a bug, not an input).
FuzzEnv& Env();

}  // namespace entitled::fuzz
