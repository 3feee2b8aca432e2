#include "domain/leases.hpp"

#include <gtest/gtest.h>

#include "domain/devices.hpp"
#include "domain/licenses.hpp"

namespace entitled::domain {
namespace {

TEST(Leases, ACheckoutGetsSeatsOnlyWhileThePoolHasThem) {
    EXPECT_TRUE(CheckOut(10, 9, 1).granted);
    EXPECT_FALSE(CheckOut(10, 10, 1).granted);
    EXPECT_EQ(CheckOut(10, 8, 3).available, 2);
    EXPECT_FALSE(CheckOut(10, 8, 3).granted) << "never part of a request";
    EXPECT_FALSE(CheckOut(10, 0, 0).granted) << "a checkout takes at least one seat";
    // A pool that shrank below what is held (a term lot ended) grants nothing and says 0.
    EXPECT_EQ(CheckOut(3, 5, 1).available, 0);
}

TEST(Leases, HeldWhileNeitherReleasedNorExpired) {
    Lease l;
    l.expires_at = 100;
    EXPECT_TRUE(ActiveAt(l, 99));
    EXPECT_FALSE(ActiveAt(l, 100)) << "expired at its expiry, without a sweep";
    l.released_at = 50;
    EXPECT_FALSE(ActiveAt(l, 60));
}

TEST(Leases, RetryAfterIsWhenTheFirstSeatFreesRoundedUpToASecond) {
    const Micros now = 1'000 * kMicrosPerSecond;
    EXPECT_EQ(RetryAfterSeconds(now + 2'500'000, now, 900 * kMicrosPerSecond), 3);
    EXPECT_EQ(RetryAfterSeconds(now - 1, now, 900 * kMicrosPerSecond), 1) << "never 0";
    EXPECT_EQ(RetryAfterSeconds(std::nullopt, now, 900 * kMicrosPerSecond), 900) << "no lease held: the lease time";
}

TEST(Leases, EndNamesRoundTripTheSchema) {
    EXPECT_EQ(LeaseEndName(LeaseEnd::kReleased), "released");
    EXPECT_EQ(LeaseEndName(LeaseEnd::kExpired), "expired");
    EXPECT_EQ(LeaseEndName(LeaseEnd::kDeviceGone), "device_gone");
}

TEST(Pools, DeviceAndFloatingLotsOfOneProductArePoolsOfTheirOwn) {
    Lot device;
    device.virtual_account_id = 7;
    device.product = "SW";
    Lot floating = device;
    floating.license_model = LicenseModel::kFloating;
    EXPECT_NE(PoolOf(device), PoolOf(floating));
    EXPECT_LT(PoolOf(device), PoolOf(floating));
    EXPECT_EQ(ParseLicenseModel(LicenseModelName(LicenseModel::kFloating)), LicenseModel::kFloating);
    EXPECT_FALSE(ParseLicenseModel("concurrent"));
}

TEST(DeviceAuthorization, OlderDevicesComeFirstAndTheRestIsShortage) {
    EXPECT_EQ(AuthorizeProduct({"SW", 6}, 10, 0).count, 6);
    const auto second = AuthorizeProduct({"SW", 6}, 10, 6);
    EXPECT_EQ(second.count, 4);
    EXPECT_EQ(second.shortage, 2);
    const auto third = AuthorizeProduct({"SW", 3}, 10, 12);
    EXPECT_EQ(third.count, 0);
    EXPECT_EQ(third.shortage, 3);
    EXPECT_EQ(StatusOf(std::vector<ProductAuthorization>{{"A", 1, 0}, {"B", 2, 0}}), AuthorizationStatus::kAuthorized);
    EXPECT_EQ(StatusOf(std::vector<ProductAuthorization>{{"A", 1, 0}, {"B", 0, 1}}),
              AuthorizationStatus::kOutOfCompliance);
}

TEST(DeviceAuthorization, ADeviceSilentForTheGracePeriodIsNotReporting) {
    Device d;
    d.registered_at = 0;
    const Micros grace = 90 * kMicrosPerDay;
    EXPECT_FALSE(NotReporting(d, grace - 1, grace));
    EXPECT_TRUE(NotReporting(d, grace, grace)) << "never seen: counted from registration";
    d.last_seen_at = grace;
    EXPECT_FALSE(NotReporting(d, grace + 1, grace)) << "a report restarts the grace period";
    EXPECT_TRUE(NotReporting(d, 2 * grace, grace));
}

}  // namespace
}  // namespace entitled::domain
