#include "zone_id.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <set>

#include "sys.hpp"

namespace zones::zoneadmd {

namespace {
constexpr int kMaxId = 9999;

int parse_id(const std::string& text) {
    char* end = nullptr;
    long v = std::strtol(text.c_str(), &end, 10);
    return end != text.c_str() && v >= 1 && v <= kMaxId ? static_cast<int>(v) : 0;
}
}  // namespace

int read_zone_id(const std::string& run, const std::string& zone) {
    std::string t;
    return read_file(run + "/" + zone + "/zoneid", t) ? parse_id(t) : 0;
}

int allocate_zone_id(const std::string& run, const std::string& zone, std::string& err) {
    Fd lock(::open((run + "/ids.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock || ::flock(lock.get(), LOCK_EX) < 0) {
        err = errno_text(run + "/ids.lock", errno);
        return 0;
    }
    std::set<int> used;
    if (DIR* d = ::opendir(run.c_str())) {
        while (dirent* e = ::readdir(d))
            if (e->d_name[0] != '.')   // this zone's current ID too: a reboot gets a new one
                if (int id = read_zone_id(run, e->d_name)) used.insert(id);
        ::closedir(d);
    }
    std::string t;
    int last = read_file(run + "/ids.last", t) ? parse_id(t) : 0;
    for (int i = 1; i <= kMaxId; ++i) {
        int id = (last + i - 1) % kMaxId + 1;
        if (used.count(id)) continue;
        if (!replace_file(run + "/" + zone + "/zoneid", std::to_string(id) + "\n")) {
            err = errno_text(run + "/" + zone + "/zoneid", errno);
            return 0;
        }
        replace_file(run + "/ids.last", std::to_string(id) + "\n");
        return id;
    }
    err = "no free zone ID";
    return 0;
}

}  // namespace zones::zoneadmd
