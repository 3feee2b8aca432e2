#include "service/transfers_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "demo_world.hpp"

namespace entitled::service {
namespace {

using testing::DemoWorld;

const char* const kDemoUsers[] = {"admin@vendor.example", "support@vendor.example", "compliance@vendor.example",
                                  "erp@vendor.example",   "paula@partner.example",  "jana@kunde.example",
                                  "luc@client.example"};

std::set<std::string> Listed(DemoWorld& world, const Actor& actor) {
    std::set<std::string> out;
    for (auto role : {storage::TransferFilter::Role::kRequester, storage::TransferFilter::Role::kTransferee,
                      storage::TransferFilter::Role::kCompliance}) {
        storage::TransferFilter filter;
        filter.role = role;
        filter.limit = 500;
        auto items = world.Read([&](storage::Transaction& tx) { return ListTransfers(tx, actor, filter); });
        if (!items.ok()) continue;  // the compliance queue is not everyone's
        for (const auto& i : *items) out.insert(i.transfer.number);
    }
    return out;
}

std::vector<std::string> AllNumbers(DemoWorld& world) { 
    std::vector<std::string> out;
    for (const auto& n : Listed(world, Actor::Cli())) out.push_back(n);
    return out;
}

// Issue: luc@client.example, a va_viewer of one of Kunde GmbH's VAs, read
// AT-…-000001 by id (with the requester's phone) though no list showed it.
TEST(TransfersService, AViewerOfAVirtualAccountCannotReadTheAccountsTransfers) {
    DemoWorld world;
    const auto numbers = AllNumbers(world);
    ASSERT_EQ(numbers.size(), 2U);
    const Actor luc = world.As("luc@client.example");
    const std::string berlin = *numbers.begin();  // Kunde GmbH → Kunde GmbH Berlin, Luc in neither as admin
    auto read = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, luc, berlin); });
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().problem, Problem::kNotFound);
}

TEST(TransfersService, EveryDemoUserReadsByIdExactlyWhatTheirListsShow) {
    DemoWorld world;
    const auto numbers = AllNumbers(world);
    for (const char* email : kDemoUsers) {
        const Actor actor = world.As(email);
        const auto listed = Listed(world, actor);
        for (const auto& number : numbers) {
            auto read = world.Read([&](storage::Transaction& tx) { return GetTransfer(tx, actor, number); });
            EXPECT_EQ(read.ok(), listed.count(number) == 1) << email << " " << number;
        }
    }
}

}  // namespace
}  // namespace entitled::service
