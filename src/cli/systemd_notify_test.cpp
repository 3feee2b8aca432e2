#include "cli/systemd_notify.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace entitled::cli {
namespace {

// A datagram socket standing in for systemd's notification socket.
class NotifySocket {
  public:
    explicit NotifySocket(const std::string& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.data(), path.size());
        if (path[0] == '@') addr.sun_path[0] = '\0';
        const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
        EXPECT_EQ(bind(fd_, reinterpret_cast<const sockaddr*>(&addr), length), 0) << std::strerror(errno);
        timeval timeout{2, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~NotifySocket() {
        close(fd_);
        if (path_[0] != '@') std::filesystem::remove(path_);
    }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    std::string Receive() const {
        char buffer[256];
        const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
    }

  private:
    std::string path_;
    int fd_ = -1;
};

class SystemdNotifyTest : public ::testing::Test {
  protected:
    void TearDown() override { unsetenv("NOTIFY_SOCKET"); }
};

TEST_F(SystemdNotifyTest, WithoutNotifySocketNothingIsSent) {
    unsetenv("NOTIFY_SOCKET");
    EXPECT_FALSE(NotifySystemd("READY=1"));
}

TEST_F(SystemdNotifyTest, TheStateArrivesOnAPathSocket) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("entitled-notify-" + std::to_string(getpid()))).string();
    NotifySocket listener(path);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
    EXPECT_TRUE(NotifySystemd("READY=1"));
    EXPECT_EQ(listener.Receive(), "READY=1");
}

TEST_F(SystemdNotifyTest, TheStateArrivesOnAnAbstractSocket) {
    const std::string name = "@entitled-notify-" + std::to_string(getpid());
    NotifySocket listener(name);
    setenv("NOTIFY_SOCKET", name.c_str(), 1);
    EXPECT_TRUE(NotifySystemd("STOPPING=1"));
    EXPECT_EQ(listener.Receive(), "STOPPING=1");
}

TEST_F(SystemdNotifyTest, ASocketThatIsGoneIsReportedNotFatal) {
    setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1);
    EXPECT_FALSE(NotifySystemd("READY=1"));
}

}  // namespace
}  // namespace entitled::cli
