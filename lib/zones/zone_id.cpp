#include "zones/zone_id.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <charconv>
#include <set>

#include "sys/fd.hpp"
#include "sys/file_io.hpp"

namespace zones::zone_id {

int parse(const std::string& text) {
    int v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || (p != end && *p != '\n') || v < kMin || v > kMax) return 0;
    return v;
}

int read(const std::string& run, const std::string& zone) {
    std::string t;
    return sys::read_file(run + "/" + zone + "/zoneid", t, 64) ? parse(t) : 0;
}

int allocate(const std::string& run, const std::string& zone, std::string& err) {
    const std::string lock_path = run + "/ids.lock";
    sys::Fd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock) {
        err = sys::errno_text(lock_path, errno);
        return 0;
    }
    while (::flock(lock.get(), LOCK_EX) < 0)
        if (errno != EINTR) {
            err = sys::errno_text(lock_path, errno);
            return 0;
        }
    std::set<int> used;
    if (DIR* d = ::opendir(run.c_str())) {
        while (dirent* e = ::readdir(d))
            if (e->d_name[0] != '.')
                if (const int id = read(run, e->d_name)) used.insert(id);
        ::closedir(d);
    }
    std::string t;
    const int last = sys::read_file(run + "/ids.last", t, 64) ? parse(t) : 0;
    for (int i = 0; i < kMax; ++i) {
        const int id = (last + i) % kMax + 1;   // last+1, ..., 9999, 1, ...
        if (used.count(id)) continue;
        const std::string file = run + "/" + zone + "/zoneid";
        if (!sys::replace_file(file, std::to_string(id) + "\n")) {
            err = sys::errno_text(file, errno);
            return 0;
        }
        if (!sys::replace_file(run + "/ids.last", std::to_string(id) + "\n")) {
            err = sys::errno_text(run + "/ids.last", errno);
            return 0;
        }
        return id;
    }
    err = "no free zone ID";
    return 0;
}

}  // namespace zones::zone_id
