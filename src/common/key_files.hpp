#pragma once
// Key files in the key directory (--key-dir): the secrets kept outside the
// database. The directory is 0700 and every file 0600; a file is written
// whole under a temporary name and linked into place, so a reader never sees
// half a key and two instances creating the same file at once end up with
// one (whoever comes second keeps the first's).

#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace entitled {

// Creates `dir` (0700) when missing.
Status PrepareKeyDir(const std::filesystem::path& dir);
// Writes `bytes` to `path` unless it exists; true when this call created it.
Result<bool> CreateKeyFile(const std::filesystem::path& path, const std::string& bytes);
// The file's bytes, refused (naming the file) unless there are exactly `size`.
Result<std::string> ReadKeyFile(const std::filesystem::path& path, size_t size);
// The error for a problem with a key file, naming it.
Error KeyFileError(const std::filesystem::path& path, const std::string& why);

}  // namespace entitled
