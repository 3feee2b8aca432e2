#include "common/secret_box.hpp"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

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

Error KeyError(const std::filesystem::path& path, const std::string& why) {
    Error e = MakeError(Problem::kInternal);
    e.internal = "--key-dir: " + path.string() + ": " + why;
    return e;
}

}  // namespace

Result<std::shared_ptr<const SecretBox>> SecretBox::LoadOrCreate(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return KeyError(dir, ec.message());
    ::chmod(dir.c_str(), 0700);
    const auto path = dir / kKeyFile;
    if (!std::filesystem::exists(path)) {
        // Written whole to a file of our own (0600 before the key goes in),
        // then linked into place: link() never replaces a key another
        // instance created meanwhile; whoever comes second uses that one.
        const std::string key = RandomBytes(crypto_secretbox_KEYBYTES);
        const auto tmp = dir / (std::string(kKeyFile) + "." + RandomHex(8) + ".new");
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            ::chmod(tmp.c_str(), 0600);
            out.write(key.data(), static_cast<std::streamsize>(key.size()));
            if (!out.flush()) return KeyError(tmp, "cannot write");
        }
        const int linked = ::link(tmp.c_str(), path.c_str());
        const int link_errno = errno;
        std::filesystem::remove(tmp, ec);
        if (linked != 0 && link_errno != EEXIST) return KeyError(path, std::strerror(link_errno));
    }
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return KeyError(path, "cannot read");
    if (key.size() != crypto_secretbox_KEYBYTES) {
        return KeyError(
            path, "holds " + std::to_string(key.size()) + " bytes, not " + std::to_string(crypto_secretbox_KEYBYTES));
    }
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
