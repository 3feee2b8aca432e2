#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

namespace entitled::http {

namespace fs = std::filesystem;

std::string_view MimeType(std::string_view ext) {
    struct Entry {
        std::string_view ext, type;
    };
    static constexpr Entry kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
    };
    for (const auto& e : kTypes) {
        if (e.ext == ext) return e.type;
    }
    return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code ec;
    if (!root.empty() && fs::is_directory(root, ec)) root_ = fs::canonical(root, ec);
}

std::optional<Response> StaticFiles::File(const fs::path& file, bool immutable) const {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    Response r = TextResponse(200, std::string(MimeType(file.extension().string())), content.str());
    r.SetHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
}

std::optional<Response> StaticFiles::Serve(const std::string& path) const {
    if (root_.empty()) return std::nullopt;
    // Refuse anything that could climb out of the root, before touching the disk.
    fs::path relative;
    for (const auto& part : fs::path(path).relative_path()) {
        if (part == ".." || part == ".") return std::nullopt;
        relative /= part;
    }
    std::error_code ec;
    const fs::path candidate = relative.empty() ? root_ / "index.html" : root_ / relative;
    if (fs::is_regular_file(candidate, ec)) {
        return File(candidate, path.rfind("/assets/", 0) == 0);
    }
    if (!relative.has_extension()) return File(root_ / "index.html", false);
    return std::nullopt;
}

}  // namespace entitled::http
