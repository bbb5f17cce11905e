// A scratch directory removed with everything in it when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace zones::test {

class ScratchDir {
public:
    ScratchDir() {
        // tmpfs when there is one: the store fsyncs, and disk fsyncs make
        // the concurrency tests slow on a busy machine.
        std::filesystem::path base = std::filesystem::temp_directory_path();
        if (std::getenv("TMPDIR") == nullptr && std::filesystem::is_directory("/dev/shm")) base = "/dev/shm";
        std::string tmpl = (base / "zones-core-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void spit(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

#ifdef ZONES_GOLDEN_DIR
inline std::filesystem::path golden(const std::string& name) {
    return std::filesystem::path(ZONES_GOLDEN_DIR) / name;
}
#endif

}  // namespace zones::test
