#include "common/secret_box.hpp"

#include <sodium.h>

#include <vector>

#include "common/key_files.hpp"
#include "common/random.hpp"

namespace entitled {
namespace {

constexpr std::string_view kPrefix = "sealed:v1:";
constexpr const char* kKeyFile = "secrets.key";

std::string ToBase64(const std::vector<unsigned char>& bytes) {
    const size_t len = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1);
    return out;
}

std::optional<std::vector<unsigned char>> FromBase64(std::string_view text) {
    if (text.empty()) return std::nullopt;  // and libsodium must never see a null buffer
    std::vector<unsigned char> out(text.size());
    size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

}  // namespace

Result<std::shared_ptr<const SecretBox>> SecretBox::LoadOrCreate(const std::filesystem::path& dir) {
    ENT_TRY(PrepareKeyDir(dir));
    const auto path = dir / kKeyFile;
    ENT_TRY(CreateKeyFile(path, RandomBytes(crypto_secretbox_KEYBYTES)));
    ENT_ASSIGN_OR_RETURN(auto key, ReadKeyFile(path, crypto_secretbox_KEYBYTES));
    return std::shared_ptr<const SecretBox>(std::make_shared<SecretBox>(std::move(key)));
}

std::shared_ptr<const SecretBox> SecretBox::Ephemeral() {
    return std::make_shared<SecretBox>(RandomBytes(crypto_secretbox_KEYBYTES));
}

bool SecretBox::IsSealed(std::string_view stored) { return stored.substr(0, kPrefix.size()) == kPrefix; }

std::string SecretBox::Seal(std::string_view plain) const {
    std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), out.data(),
                          reinterpret_cast<const unsigned char*>(key_.data()));
    return std::string(kPrefix) + ToBase64(out);
}

std::optional<std::string> SecretBox::Open(std::string_view stored) const {
    if (!IsSealed(stored)) return std::string(stored);
    const auto bytes = FromBase64(stored.substr(kPrefix.size()));
    if (!bytes || bytes->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
    std::string plain(bytes->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                   bytes->data() + crypto_secretbox_NONCEBYTES,
                                   bytes->size() - crypto_secretbox_NONCEBYTES, bytes->data(),
                                   reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
        return std::nullopt;
    }
    return plain;
}

}  // namespace entitled
