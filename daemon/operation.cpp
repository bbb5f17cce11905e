#include "operation.hpp"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

#include "log.hpp"

namespace zones::daemon {
namespace {

constexpr std::size_t kMaxMessage = 16 * 1024;

// sd-bus refuses to send a string that is not UTF-8; a message built from
// client input must never be the reason a reply is lost.
std::string valid_utf8(std::string_view s) {
    std::string out;
    const std::size_t n = std::min(s.size(), kMaxMessage);
    for (std::size_t i = 0; i < n;) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3
                        : (c >> 3) == 0x1E ? 4 : 0;
        bool good = len != 0 && i + len <= n && c != 0;
        for (std::size_t k = 1; good && k < len; ++k)
            good = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (good && len > 1) {
            // reject overlong forms and surrogates, as sd-bus does
            unsigned cp = c & (0x7F >> len);
            for (std::size_t k = 1; k < len; ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
            good = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) &&
                   !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
                   !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (good) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += '?';
            ++i;
        }
    }
    if (s.size() > n)
        out += "...";
    return out;
}

}  // namespace

sdbus::Error to_dbus_error(const ZoneError& e) {
    return sdbus::Error(fmt::format("org.zones.Error.{}", error_kind_name(e.kind())),
                        valid_utf8(e.what()));
}

sdbus::Error internal_error(std::string_view what) {
    return to_dbus_error(ZoneError(ErrorKind::Internal, std::string(what)));
}

ZoneError busy_error() {
    return ZoneError(ErrorKind::Busy, "the zones service is busy; try again later");
}

std::string unordered_key() {
    // Never a zone name: zone names start with a letter or digit.
    static std::atomic<unsigned long> next{0};
    return fmt::format("#{}", next++);
}

WorkQueue::WorkQueue(unsigned threads, std::size_t max_pending, std::size_t max_per_key,
                     std::function<void()> on_start)
    : max_pending_(max_pending), max_per_key_(max_per_key) {
    for (unsigned i = 0; i < threads; ++i)
        threads_.emplace_back([this, on_start] {
            if (on_start) {
                try {
                    on_start();
                } catch (...) {
                }
            }
            worker();
        });
}

WorkQueue::~WorkQueue() { stop(); }

bool WorkQueue::submit(const std::string& key, std::function<void()> job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || pending_ >= max_pending_)
            return false;
        if (auto it = lanes_.find(key);
            it != lanes_.end() && it->second.jobs.size() + (it->second.busy ? 1 : 0) >= max_per_key_)
            return false;
        Lane& lane = lanes_[key];
        lane.jobs.push_back(std::move(job));
        ++pending_;
        if (!lane.busy && lane.jobs.size() == 1)
            ready_.push_back(key);
    }
    cv_.notify_one();
    return true;
}

void WorkQueue::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_)
        if (t.joinable())
            t.join();
    threads_.clear();
}

void WorkQueue::worker() {
    std::unique_lock lock(mu_);
    for (;;) {
        // Stopping still drains: every queued call gets its reply.
        cv_.wait(lock, [this] { return !ready_.empty() || (stopping_ && pending_ == 0); });
        if (ready_.empty())
            return;
        std::string key = std::move(ready_.front());
        ready_.pop_front();
        Lane& lane = lanes_[key];
        lane.busy = true;
        std::function<void()> job = std::move(lane.jobs.front());
        lane.jobs.pop_front();

        lock.unlock();
        try {
            job();
        } catch (const std::exception& e) {
            log_error("", fmt::format("worker: {}", e.what()));
        } catch (...) {
            log_error("", "worker: unknown exception");
        }
        job = nullptr;     // release the reply guard outside the lock
        lock.lock();

        --pending_;
        Lane& same = lanes_[key];
        same.busy = false;
        if (!same.jobs.empty())
            ready_.push_back(key);
        else
            lanes_.erase(key);
        if (pending_ == 0)
            cv_.notify_all();    // wake idle workers waiting to stop
    }
}

}  // namespace zones::daemon
