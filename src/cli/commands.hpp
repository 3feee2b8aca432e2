#pragma once
#include <string>
#include <vector>

namespace entitled::cli {
// Each returns the process exit code. `args` excludes the command words.
int RunServe(const std::vector<std::string>& args);
int RunMigrate(const std::vector<std::string>& args);
int RunUserAdd(const std::vector<std::string>& args);
int RunTokenAdd(const std::vector<std::string>& args);
int RunDemo(const std::vector<std::string>& args);
int RunJobs(const std::vector<std::string>& args);
int RunCheck(const std::vector<std::string>& args);
int RunBackup(const std::vector<std::string>& args);
int RunKeysRotate(const std::vector<std::string>& args);
int RunKeysList(const std::vector<std::string>& args);
int RunKeysRetire(const std::vector<std::string>& args);
}  // namespace entitled::cli
