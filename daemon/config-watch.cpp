#include "config-watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <string_view>

namespace zones::daemon {

bool ConfigWatch::poll(std::vector<std::string>& changed, bool& all) {
    all = false;
    if (!fd_ && !(fd_ = sys::Fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC))))
        return false;
    if (wd_ < 0) {
        wd_ = ::inotify_add_watch(fd_.get(), dir_.c_str(),
                                  IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE |
                                      IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |
                                      IN_ONLYDIR);
        if (wd_ < 0)
            return false;
        all = true;   // what changed before the watch was not seen
    }
    alignas(inotify_event) char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
        if (n <= 0)
            break;   // EAGAIN: nothing more queued
        for (const char* p = buf; p < buf + n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(p);
            p += sizeof(inotify_event) + ev->len;
            if (ev->mask & IN_Q_OVERFLOW)
                all = true;
            if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
                if (wd_ >= 0 && !(ev->mask & IN_IGNORED))
                    ::inotify_rm_watch(fd_.get(), wd_);   // moved away: watch its path again
                wd_ = -1;   // set up again at the next call
                all = true;
            }
            if (ev->len == 0)
                continue;
            const std::string_view name(ev->name);
            constexpr std::string_view ext = ".xml";
            if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext)
                changed.emplace_back(name.substr(0, name.size() - ext.size()));
        }
    }
    return wd_ >= 0;
}

}  // namespace zones::daemon
