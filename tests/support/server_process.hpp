#pragma once
// Runs the real `entitled` binary as a child process for API tests, on a free
// port, and stops it (SIGTERM) or kills it (SIGKILL).

#include <sys/types.h>
#include <string>
#include <vector>

namespace entitled::testing {

// Path of the built binary (set by CMake).
std::string EntitledBinary();

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
// Runs `entitled args…` to completion with extra environment entries ("K=V").
CommandResult RunEntitled(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// `binary args…` with `env` added, waited for.
CommandResult RunProgram(const std::string& binary, const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {});
// The device client, entitled-device, built beside the server (the real client of the licensing tests).
std::string DeviceClientBinary();
CommandResult RunDevice(const std::vector<std::string>& args);

class ServerProcess {
  public:
    // Starts `entitled serve --database url --listen 127.0.0.1:0 extra…` and waits until it listens.
    explicit ServerProcess(std::string database_url, std::vector<std::string> extra = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    unsigned short port() const { return port_; }
    const std::string& database_url() const { return url_; }
    // Sends SIGTERM and waits; returns the exit status (or -1 on timeout, after SIGKILL).
    int Stop(int signal = 15);
    void Kill();
    // What the server wrote on stderr so far (the JSON log).
    std::string Log() const;

  private:
    std::string url_;
    std::string dir_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

}  // namespace entitled::testing
