#include "service/cases_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "demo_world.hpp"
#include "service/transfers_service.hpp"

namespace entitled::service {
namespace {

using testing::DemoWorld;

// The demo world was made just now; its terms run from the real clock.
const Micros kNow = SystemClock().Now();

std::string ADemoTransfer(DemoWorld& world) {
    storage::TransferFilter filter;
    filter.role = storage::TransferFilter::Role::kCompliance;
    auto items = world.Read([&](storage::Transaction& tx) { return ListTransfers(tx, Actor::Cli(), filter); });
    return items->front().transfer.number;
}

Result<CaseView> Open(DemoWorld& world, const Actor& actor, std::optional<std::string> transfer_id) {
    return world.Write([&](storage::Transaction& tx) {
        return OpenCase(tx, actor, {"About a transfer", "Please look", std::nullopt, std::nullopt, transfer_id}, kNow);
    });
}

// Issue: a case accepted any transfer_id (someone else's, or "garbage"), while
// order numbers and account ids in the same request were checked.
TEST(CasesService, ACaseLinksOnlyATransferTheOpenerCanSee) {
    DemoWorld world;
    const std::string number = ADemoTransfer(world);
    for (const std::string& bad : {std::string("garbage"), number}) {
        auto refused = Open(world, world.As("paula@partner.example"), bad);  // Paula sees no demo transfer
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
        ASSERT_EQ(refused.error().fields.size(), 1U);
        EXPECT_EQ(refused.error().fields.front().field, "transfer_id");
    }
    auto opened = Open(world, world.As("jana@kunde.example"), number);  // Jana requested it
    ASSERT_TRUE(opened.ok()) << ProblemName(opened.error().problem);
    EXPECT_EQ(opened->kase.transfer_id, number);
    EXPECT_EQ(opened->allowed_actions, std::vector<std::string_view>{"comment"});
}

TEST(CasesService, StatusesMoveByTheTableAndOnlySupportMovesThem) {
    DemoWorld world;
    auto opened = Open(world, world.As("jana@kunde.example"), std::nullopt);
    ASSERT_TRUE(opened.ok());
    const std::int64_t id = opened->kase.id;
    auto by_opener = world.Write([&](storage::Transaction& tx) {
        return SetCaseStatus(tx, world.As("jana@kunde.example"), id, domain::CaseStatus::kClosed, {""}, kNow);
    });
    ASSERT_FALSE(by_opener.ok());
    EXPECT_EQ(by_opener.error().code, ErrorCode::kForbidden);
    const Actor support = world.As("support@vendor.example");
    auto closed = world.Write([&](storage::Transaction& tx) {
        return SetCaseStatus(tx, support, id, domain::CaseStatus::kClosed, {""}, kNow);
    });
    ASSERT_TRUE(closed.ok());
    auto comment = world.Write([&](storage::Transaction& tx) {
        return CommentOnCase(tx, world.As("jana@kunde.example"), id, "one more thing", {""}, kNow);
    });
    ASSERT_FALSE(comment.ok());
    EXPECT_EQ(comment.error().problem, Problem::kCaseClosed);
    for (auto from : domain::AllCaseStatuses()) {
        for (auto to : domain::AllCaseStatuses()) {
            const bool expected = from == to || to == domain::CaseStatus::kClosed ||
                                  (from != domain::CaseStatus::kClosed && to != domain::CaseStatus::kClosed) ||
                                  (from == domain::CaseStatus::kClosed && to == domain::CaseStatus::kOpen);
            EXPECT_EQ(domain::CanChangeCaseStatus(from, to), expected)
                << domain::CaseStatusName(from) << " → " << domain::CaseStatusName(to);
        }
    }
}

// Issue 16: visibility of a resource read by id equals its visibility in lists.
TEST(CasesService, EveryDemoUserReadsByIdExactlyTheCasesTheirListShows) {
    DemoWorld world;
    auto list = [&](const Actor& actor) {
        std::set<std::int64_t> ids;
        storage::CaseFilter filter;
        filter.limit = 500;
        auto cases = world.Read([&](storage::Transaction& tx) { return ListCases(tx, actor, filter); });
        if (cases.ok()) {
            for (const auto& c : *cases) ids.insert(c.id);
        }
        return ids;
    };
    const auto all = list(world.As("support@vendor.example"));
    ASSERT_FALSE(all.empty()) << "the demo world has Luc's case";
    size_t readable = 0;
    size_t pairs = 0;
    for (const char* email :
         {"admin@vendor.example", "support@vendor.example", "compliance@vendor.example", "erp@vendor.example",
          "paula@partner.example", "jana@kunde.example", "luc@client.example"}) {
        const Actor actor = world.As(email);
        const auto listed = list(actor);
        for (const auto id : all) {
            auto read = world.Read([&](storage::Transaction& tx) { return GetCase(tx, actor, id); });
            EXPECT_EQ(read.ok(), listed.count(id) == 1) << email << " case " << id;
            readable += read.ok() ? 1 : 0;
            ++pairs;
        }
    }
    EXPECT_GT(readable, 0U);
    EXPECT_LT(readable, pairs) << "a customer does not see Luc's case";
}

}  // namespace
}  // namespace entitled::service
