#include "common/key_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "common/random.hpp"

namespace entitled {

Error KeyFileError(const std::filesystem::path& path, const std::string& why) {
    Error e = MakeError(Problem::kInternal);
    e.internal = "--key-dir: " + path.string() + ": " + why;
    return e;
}

Status PrepareKeyDir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return KeyFileError(dir, ec.message());
    ::chmod(dir.c_str(), 0700);
    return Ok();
}

Result<bool> CreateKeyFile(const std::filesystem::path& path, const std::string& bytes) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return false;
    const auto tmp = path.parent_path() / (path.filename().string() + "." + RandomHex(8) + ".new");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        ::chmod(tmp.c_str(), 0600);  // before the key goes in
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) return KeyFileError(tmp, "cannot write");
    }
    // link() never replaces a file another instance created meanwhile.
    const int linked = ::link(tmp.c_str(), path.c_str());
    const int link_errno = errno;
    std::filesystem::remove(tmp, ec);
    if (linked != 0 && link_errno != EEXIST) return KeyFileError(path, std::strerror(link_errno));
    return linked == 0;
}

Result<std::string> ReadKeyFile(const std::filesystem::path& path, size_t size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return KeyFileError(path, "cannot read");
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != size) {
        return KeyFileError(path, "holds " + std::to_string(key.size()) + " bytes, not " + std::to_string(size));
    }
    return key;
}

}  // namespace entitled
