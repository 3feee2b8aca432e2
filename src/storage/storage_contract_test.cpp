// The storage contract: the same tests on SQLite and PostgreSQL
// (ENTITLED_TEST_ENGINE chooses; ctest runs this binary once per engine).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/db.hpp"
#include "storage/migrations/migrations.hpp"
#include "test_env.hpp"

namespace entitled::storage {
namespace {

class StorageContract : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = OpenDatabase(testing::FreshDatabaseUrl());
        ASSERT_TRUE(db.ok()) << db.error().internal;
        db_ = std::move(*db);
        ASSERT_TRUE(Migrate(*db_, clock_).ok());
        ASSERT_TRUE(db_->Run(TxMode::kWrite,
                             [](Transaction& tx) -> Status {
                                 return tx.ExecScript(
                                     "CREATE TABLE kv (k TEXT PRIMARY KEY, n BIGINT, d DOUBLE PRECISION, t TEXT)");
                             })
                        .ok());
    }

    Result<std::int64_t> Count() {
        return db_->Run(TxMode::kRead, [](Transaction& tx) -> Result<std::int64_t> {
            ENT_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM kv"));
            return row->Int(0);
        });
    }

    ManualClock clock_{1'795'248'000'000'000};
    std::unique_ptr<Database> db_;
};

TEST_F(StorageContract, MigrationsApplyOnceAndReportTheVersion) {
    auto again = Migrate(*db_, clock_);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 0);
    auto version = CurrentSchemaVersion(*db_);
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, LatestSchemaVersion());
}

TEST_F(StorageContract, EmptyDatabaseHasVersionZero) {
    auto fresh = OpenDatabase(testing::FreshDatabaseUrl());
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(*CurrentSchemaVersion(**fresh), 0);
}

TEST_F(StorageContract, ValuesRoundTripWithTheirTypes) {
    const std::string unicode = "Größe – 日本 – 'quote' \"dq\" ?";
    auto r = db_->Run(TxMode::kWrite, [&](Transaction& tx) -> Result<Row> {
        ENT_TRY(tx.Exec("INSERT INTO kv (k, n, d, t) VALUES (?, ?, ?, ?)",
                        {std::string("a"), std::int64_t{9'007'199'254'740'993}, 2.5, unicode}));
        ENT_TRY(tx.Exec("INSERT INTO kv (k, n, d, t) VALUES (?, ?, ?, ?)", {std::string("b"), Null(), Null(), Null()}));
        ENT_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT n, d, t FROM kv WHERE k = ?", {std::string("a")}));
        return std::move(*row);
    });
    ASSERT_TRUE(r.ok()) << r.error().internal;
    EXPECT_EQ(r->Int(0), 9'007'199'254'740'993);
    EXPECT_DOUBLE_EQ(r->Double(1), 2.5);
    EXPECT_EQ(r->Text(2), unicode);
    auto nulls = db_->Run(TxMode::kRead, [](Transaction& tx) {
        return tx.QueryOne("SELECT n, d, t FROM kv WHERE k = ?", {std::string("b")});
    });
    ASSERT_TRUE(nulls.ok());
    EXPECT_TRUE((*nulls)->IsNull(0));
    EXPECT_EQ((*nulls)->OptText(2), std::nullopt);
}

TEST_F(StorageContract, ExecReportsRowsChanged) {
    auto n = db_->Run(TxMode::kWrite, [](Transaction& tx) -> Result<std::int64_t> {
        ENT_TRY(tx.Exec("INSERT INTO kv (k, n) VALUES ('x', 1), ('y', 1), ('z', 2)"));
        return tx.Exec("UPDATE kv SET n = n + 1 WHERE n = ?", {std::int64_t{1}});
    });
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 2);
}

TEST_F(StorageContract, UniqueViolationIsAConflict) {
    auto r = db_->Run(TxMode::kWrite, [](Transaction& tx) -> Status {
        ENT_TRY(tx.Exec("INSERT INTO kv (k) VALUES ('dup')"));
        ENT_TRY(tx.Exec("INSERT INTO kv (k) VALUES ('dup')"));
        return Ok();
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().problem, Problem::kUniqueViolation);
    EXPECT_EQ(*Count(), 0) << "the first insert must be rolled back with the second";
}

TEST_F(StorageContract, AnErrorRollsBackEverythingInTheTransaction) {
    auto r = db_->Run(TxMode::kWrite, [](Transaction& tx) -> Status {
        ENT_TRY(tx.Exec("INSERT INTO kv (k) VALUES ('one')"));
        ENT_TRY(tx.Exec("INSERT INTO kv (k) VALUES ('two')"));
        return MakeError(Problem::kValidationFailed);
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(*Count(), 0);
}

TEST_F(StorageContract, InjectedWriteFaultFailsTheWholeTransaction) {
    db_->InjectWriteFault("kv");
    auto r = db_->Run(TxMode::kWrite, [](Transaction& tx) -> Status {
        ENT_TRY(
            tx.Exec("INSERT INTO users (email, name, kind, created_at, updated_at) VALUES "
                    "('a@b.com', 'A', 'external', 0, 0)"));
        ENT_TRY(tx.Exec("INSERT INTO kv (k) VALUES ('x')"));
        return Ok();
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    db_->InjectWriteFault("");
    auto users = db_->Run(TxMode::kRead, [](Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM users"); });
    EXPECT_EQ((*users)->Int(0), 0);
}

TEST_F(StorageContract, ReadTransactionsSeeCommittedWrites) {
    ASSERT_TRUE(db_->Run(TxMode::kWrite,
                         [](Transaction& tx) -> Status {
                             ENT_TRY(tx.Exec("INSERT INTO kv (k, n) VALUES ('seen', 7)"));
                             return Ok();
                         })
                    .ok());
    auto r = db_->Run(TxMode::kRead, [](Transaction& tx) { return tx.QueryOne("SELECT n FROM kv WHERE k = 'seen'"); });
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->Int(0), 7);
}

TEST_F(StorageContract, ConcurrentReadModifyWriteLosesNoUpdate) {
    ASSERT_TRUE(db_->Run(TxMode::kWrite,
                         [](Transaction& tx) -> Status {
                             ENT_TRY(tx.Exec("INSERT INTO kv (k, n) VALUES ('counter', 0)"));
                             return Ok();
                         })
                    .ok());
    constexpr int kThreads = 4;
    constexpr int kIncrements = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kIncrements; ++i) {
                // Read, then write what was read plus one: only correct if the
                // engine serialises (SQLite) or detects the conflict and we retry (PostgreSQL).
                auto r = db_->Run(TxMode::kWrite, [](Transaction& tx) -> Status {
                    ENT_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT n FROM kv WHERE k = 'counter'"));
                    ENT_TRY(tx.Exec("UPDATE kv SET n = ? WHERE k = 'counter'", {row->Int(0) + 1}));
                    return Ok();
                });
                if (!r.ok()) failures.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    auto r =
        db_->Run(TxMode::kRead, [](Transaction& tx) { return tx.QueryOne("SELECT n FROM kv WHERE k = 'counter'"); });
    EXPECT_EQ((*r)->Int(0), kThreads * kIncrements);
}

TEST_F(StorageContract, ReturningGivesGeneratedIds) {
    auto ids = db_->Run(TxMode::kWrite, [](Transaction& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
        const char* sql =
            "INSERT INTO users (email, name, kind, created_at, updated_at) VALUES (?, 'N', 'external', 0, 0) "
            "RETURNING id";
        ENT_ASSIGN_OR_RETURN(auto a, tx.QueryOne(sql, {std::string("a@x.com")}));
        ENT_ASSIGN_OR_RETURN(auto b, tx.QueryOne(sql, {std::string("b@x.com")}));
        return std::make_pair(a->Int(0), b->Int(0));
    });
    ASSERT_TRUE(ids.ok()) << ids.error().internal;
    EXPECT_GT(ids->first, 0);
    EXPECT_GT(ids->second, ids->first);
}

TEST_F(StorageContract, SyntaxErrorsAreInternalErrorsNotCrashes) {
    auto r = db_->Run(TxMode::kRead, [](Transaction& tx) { return tx.Query("SELEC nonsense"); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    EXPECT_FALSE(r.error().internal.empty());
}

TEST_F(StorageContract, MigrationsFromTwoConnectionsAtOnceApplyOnce) {
    const std::string url = testing::FreshDatabaseUrl();
    std::atomic<int> applied{0};
    std::mutex mu;
    std::vector<std::string> errors;
    auto fail = [&](std::string_view step, const Error& e) {
        std::lock_guard lock(mu);
        errors.push_back(std::string(step) + ": " + e.message + " " + e.internal);
    };
    std::vector<std::thread> threads;
    threads.reserve(3);
    for (int i = 0; i < 3; ++i) {
        threads.emplace_back([&] {
            auto db = OpenDatabase(url);
            if (!db.ok()) return fail("open", db.error());
            auto n = Migrate(**db, clock_);
            if (!n.ok()) return fail("migrate", n.error());
            applied.fetch_add(*n);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
    EXPECT_EQ(applied.load(), static_cast<int>(AllMigrations().size()));
}

}  // namespace
}  // namespace entitled::storage
