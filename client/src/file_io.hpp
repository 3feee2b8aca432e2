#pragma once
// Whole-file reads and atomic writes for the state file and the files the CLI is given.

#include <optional>
#include <string>

#include "entitled/device_client.hpp"

namespace entitled::device {

// The file's bytes; nullopt when it does not exist. Errors are `code`, naming the path.
Outcome<std::optional<std::string>> ReadWholeFile(const std::string& path, ErrorCode code);

// Replaces `path` atomically with `content`, mode 0600: a temporary file in
// the same directory, fsync, rename, fsync of the directory.
Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace entitled::device
