#include "grace.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "cgroup-mounts.hpp"
#include "sys/file_io.hpp"

namespace zones::daemon {
namespace {

// cgroup.procs of our own cgroup in the unified hierarchy: /proc/self/cgroup
// names it in the line "0::PATH", under the cgroup2 mount (cgroup-mounts.hpp).
sys::Fd own_procs() {
    std::string text;
    if (!sys::read_file("/proc/self/cgroup", text, 64 * 1024))
        return {};
    const auto at = text.find("0::");
    if (at == std::string::npos || (at != 0 && text[at - 1] != '\n'))
        return {};
    const std::string path = text.substr(at + 3, text.find('\n', at) - at - 3);
    const auto& mounts = cgroup_mounts();
    const auto v2 = mounts.find("");
    if (v2 == mounts.end())
        return {};
    return sys::Fd(::open((v2->second.string() + path + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC));
}

}  // namespace

GracePrimer::GracePrimer() : procs_(own_procs()) {
    if (procs_)
        thread_ = std::thread([this] { loop(); });
}

GracePrimer::~GracePrimer() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable())
        thread_.join();
}

void GracePrimer::kick() noexcept {
    if (!procs_)
        return;
    {
        std::lock_guard lock(mu_);
        pending_ = true;
    }
    cv_.notify_one();
}

void GracePrimer::loop() {
    std::unique_lock lock(mu_);
    for (;;) {
        cv_.wait(lock, [this] { return pending_ || stopping_; });
        if (stopping_)
            return;
        pending_ = false;
        lock.unlock();
        // "0": the writer's own process, into the cgroup it is already in.
        (void)!::pwrite(procs_.get(), "0", 1, 0);
        lock.lock();
    }
}

}  // namespace zones::daemon
