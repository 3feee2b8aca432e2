#pragma once
// Serves the web UI's build output. Files under /assets/ carry a content hash
// in their names (Vite), so they are cached for a year; everything else must
// be revalidated. A GET for a path that is not a file and has no extension is
// a client-side route: it gets index.html (SPA fallback).
//
// Thread safety: immutable after construction.

#include <filesystem>
#include <optional>

#include "http/message.hpp"

namespace entitled::http {

class StaticFiles {
  public:
    explicit StaticFiles(const std::filesystem::path& root);
    // A response for `path`, or nullopt when nothing should be served (the caller answers 404).
    std::optional<Response> Serve(const std::string& path) const;
    bool enabled() const { return !root_.empty(); }

  private:
    std::optional<Response> File(const std::filesystem::path& file, bool immutable) const;
    std::filesystem::path root_;
};

std::string_view MimeType(std::string_view extension);

}  // namespace entitled::http
