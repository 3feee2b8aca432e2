#include "common/secret_box.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>
#include <vector>

#include "common/random.hpp"

namespace entitled {
namespace {

std::filesystem::path FreshDir() {
    return std::filesystem::temp_directory_path() / ("entitled-keys-" + RandomHex(8));
}

mode_t ModeOf(const std::filesystem::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
}

TEST(SecretBox, SealsSoTheStoredValueRevealsNothingAndOpensAgain) {
    ASSERT_TRUE(InitCrypto());
    auto box = SecretBox::Ephemeral();
    const std::string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const std::string sealed = box->Seal(secret);
    EXPECT_TRUE(SecretBox::IsSealed(sealed));
    EXPECT_EQ(sealed.find(secret), std::string::npos);
    EXPECT_NE(box->Seal(secret), sealed) << "a fresh nonce every time";
    EXPECT_EQ(box->Open(sealed), secret);
}

TEST(SecretBox, AnAlteredValueOrAnotherKeyOpensNothing) {
    ASSERT_TRUE(InitCrypto());
    auto box = SecretBox::Ephemeral();
    std::string sealed = box->Seal("secret");
    EXPECT_FALSE(SecretBox::Ephemeral()->Open(sealed).has_value());
    sealed[sealed.size() - 3] = sealed[sealed.size() - 3] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box->Open(sealed).has_value());
    EXPECT_FALSE(box->Open("sealed:v1:not base64!").has_value());
    EXPECT_FALSE(box->Open("sealed:v1:").has_value());
}

TEST(SecretBox, AValueStoredBeforeSealingExistedIsReadAsItIs) {
    ASSERT_TRUE(InitCrypto());
    EXPECT_EQ(SecretBox::Ephemeral()->Open("JBSWY3DPEHPK3PXP"), "JBSWY3DPEHPK3PXP");
    EXPECT_FALSE(SecretBox::IsSealed("JBSWY3DPEHPK3PXP"));
}

TEST(SecretBox, TheKeyIsCreatedOnceWithOwnerOnlyPermissionsAndKept) {
    ASSERT_TRUE(InitCrypto());
    const auto dir = FreshDir();
    auto first = SecretBox::LoadOrCreate(dir / "keys");
    ASSERT_TRUE(first.ok()) << first.error().internal;
    EXPECT_EQ(ModeOf(dir / "keys"), 0700U);
    EXPECT_EQ(ModeOf(dir / "keys" / "secrets.key"), 0600U);
    EXPECT_EQ(std::filesystem::file_size(dir / "keys" / "secrets.key"), 32U);
    const std::string sealed = (*first)->Seal("kept");
    auto again = SecretBox::LoadOrCreate(dir / "keys");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)->Open(sealed), "kept") << "a restart reads what the last run sealed";
    std::filesystem::remove_all(dir);
}

TEST(SecretBox, InstancesStartingTogetherAgreeOnOneKey) {
    ASSERT_TRUE(InitCrypto());
    const auto dir = FreshDir();
    std::vector<std::shared_ptr<const SecretBox>> boxes(6);
    std::vector<std::thread> threads;
    threads.reserve(boxes.size());
    for (auto& b : boxes) {
        threads.emplace_back([&] {
            auto loaded = SecretBox::LoadOrCreate(dir);
            if (loaded.ok()) b = *loaded;
        });
    }
    for (auto& t : threads) t.join();
    const std::string sealed = boxes[0]->Seal("shared");
    for (const auto& b : boxes) {
        ASSERT_NE(b, nullptr);
        EXPECT_EQ(b->Open(sealed), "shared");
    }
    std::filesystem::remove_all(dir);
}

TEST(SecretBox, AKeyFileOfTheWrongSizeStopsTheStartNamingIt) {
    ASSERT_TRUE(InitCrypto());
    const auto dir = FreshDir();
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "secrets.key") << "short";
    auto loaded = SecretBox::LoadOrCreate(dir);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().internal.find("secrets.key"), std::string::npos) << loaded.error().internal;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace entitled
