// Calls that reply later (machined's operation.c): a guard that always
// answers a D-Bus method call, and the worker pool that runs the work, one
// job at a time per zone so one slow zone never holds up another.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "zones/config.hpp"

namespace zones::daemon {

// org.zones.Error.<Kind> with the illumos line (made valid UTF-8 and cut
// to a sane length, or sd-bus could not send it at all).
sdbus::Error to_dbus_error(const ZoneError& e);
sdbus::Error internal_error(std::string_view what);

// The effective uid of the sender of `msg`, from the bus (sd-bus creds
// WITHOUT SD_BUS_CREDS_AUGMENT: /proc data is racy and unfit for
// authorisation). Call on the loop thread while the message is current.
std::optional<uid_t> sender_euid(const sdbus::Message* msg);
// Its PID (only for messages such as "Console is already in use by
// process ID N."; never for authorisation). 0 when unknown.
pid_t sender_pid(const sdbus::Message* msg);

// Replies exactly once: ok(), fail(), or org.zones.Error.Internal when it
// is destroyed unanswered (a lost reply would leave the caller waiting for
// its timeout).
template <typename... Out>
class Reply {
public:
    explicit Reply(sdbus::Result<Out...>&& result) : result_(std::move(result)) {}
    Reply(const Reply&) = delete;
    Reply& operator=(const Reply&) = delete;
    ~Reply() {
        if (done_)
            return;
        try {
            send_error(internal_error("request dropped without a reply"));
        } catch (...) {
        }
    }

    void ok(const Out&... values) {
        if (done_)
            return;
        done_ = true;
        try {
            result_.returnResults(values...);
        } catch (const std::exception&) {
            // The caller went away, or the bus did; nothing left to tell.
        }
    }
    void fail(const ZoneError& e) { send_error(to_dbus_error(e)); }
    void fail(const sdbus::Error& e) { send_error(e); }

private:
    void send_error(const sdbus::Error& e) {
        if (done_)
            return;
        done_ = true;
        try {
            result_.returnError(e);
        } catch (const std::exception&) {
        }
    }

    sdbus::Result<Out...> result_;
    bool done_ = false;
};

// A few threads; jobs with the same key run one after another in the order
// submitted, jobs with different keys in parallel.
class WorkQueue {
public:
    explicit WorkQueue(unsigned threads, std::size_t max_pending = 1024);
    ~WorkQueue();
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    // false when the queue is full or stopping (the job is not run).
    bool submit(const std::string& key, std::function<void()> job);
    // Run what is queued, then join the threads. Idempotent.
    void stop();

private:
    struct Lane {
        std::deque<std::function<void()>> jobs;
        bool busy = false;
    };
    void worker();

    std::mutex mu_;
    std::condition_variable cv_;
    std::unordered_map<std::string, Lane> lanes_;
    std::deque<std::string> ready_;    // lanes with work and no running job
    std::size_t pending_ = 0;
    std::size_t max_pending_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// A key for a job that needs no ordering with any other (reads).
std::string unordered_key();

// Run `work(reply)` on the queue under `key`; every exception becomes the
// matching D-Bus error, and a full queue answers org.zones.Error.Busy.
template <typename... Out, typename Work>
void run_operation(WorkQueue& queue, const std::string& key, sdbus::Result<Out...>&& result,
                   Work work) noexcept {
    // Runs on the bus thread: sdbus-c++ 1.2 lets only sdbus::Error out of
    // a handler, anything else would terminate the daemon.
    std::shared_ptr<Reply<Out...>> reply;
    try {
        reply = std::make_shared<Reply<Out...>>(std::move(result));
        auto job = [reply, work = std::move(work)]() mutable {
            try {
                work(*reply);
            } catch (const ZoneError& e) {
                reply->fail(e);
            } catch (const sdbus::Error& e) {
                reply->fail(internal_error(e.getMessage()));
            } catch (const std::exception& e) {
                reply->fail(internal_error(e.what()));
            } catch (...) {
                reply->fail(internal_error("unknown failure"));
            }
        };
        if (!queue.submit(key, std::move(job)))
            reply->fail(ZoneError(ErrorKind::Busy, "the zones service is busy; try again later"));
    } catch (const std::exception& e) {
        if (reply)
            reply->fail(internal_error(e.what()));
    }
}

}  // namespace zones::daemon
