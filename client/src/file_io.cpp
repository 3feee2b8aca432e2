#include "file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace entitled::device {
namespace {

Error IoError(ErrorCode code, const std::string& what, const std::string& path, int err) {
    return Error{code, what + " " + path + ": " + std::strerror(err)};
}

// Closes a descriptor on every path out of a function.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // The result of close(2), which reports deferred write errors on some file systems.
    int Close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

  private:
    int fd_;
};

}  // namespace

Outcome<std::optional<std::string>> ReadWholeFile(const std::string& path, ErrorCode code) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::optional<std::string>();
        return IoError(code, "cannot open", path, errno);
    }
    std::string content;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return IoError(code, "cannot read", path, errno);
        }
        if (n == 0) break;
        content.append(buffer, static_cast<size_t>(n));
    }
    return std::optional<std::string>(std::move(content));
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
    const std::filesystem::path target(path);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    // mkstemp creates the file with mode 0600 and a name nobody else has.
    std::string temp = path + ".XXXXXX";
    Fd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (fd.get() < 0) return IoError(ErrorCode::kState, "cannot create a file beside", path, errno);
    auto fail = [&](const char* what) {
        const int err = errno;
        ::unlink(temp.c_str());
        return IoError(ErrorCode::kState, what, temp, err);
    };
    // Exactly 0600 whatever the umask: the state holds the device secret.
    if (::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0) return fail("cannot set the mode of");
    size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("cannot write");
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return fail("cannot flush");
    if (fd.Close() != 0) return fail("cannot close");
    if (::rename(temp.c_str(), path.c_str()) != 0) return fail("cannot rename");
    // The rename itself is durable only once the directory is flushed.
    Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
    return Done{};
}

}  // namespace entitled::device
