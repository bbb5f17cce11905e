// Calls that reply later (machined's operation.c): a guard that always
// answers a D-Bus method call, and the worker pool that runs the work, one
// job at a time per zone so one slow zone never holds up another.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
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

// Replies exactly once: ok(), fail(), or org.zones.Error.Internal when it
// is destroyed unanswered (a lost reply would leave the caller waiting for
// its timeout).
// How a call was answered, for whoever watches (the audit journal).
struct Outcome {
    bool ok = false;
    std::string error_name;     // org.zones.Error.AccessDenied, ...
    std::string message;
};

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

    // Called once with the answer, right after it is sent (set it before
    // the Reply is shared).
    void on_answer(std::function<void(const Outcome&)> observer) {
        observer_ = std::move(observer);
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
        tell(Outcome{true, {}, {}});
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
        tell(Outcome{false, e.getName(), e.getMessage()});
    }
    void tell(const Outcome& outcome) noexcept {
        if (!observer_)
            return;
        try {
            observer_(outcome);
        } catch (...) {
        }
    }

    sdbus::Result<Out...> result_;
    bool done_ = false;
    std::function<void(const Outcome&)> observer_;
};

// A few threads; jobs with the same key run one after another in the order
// submitted, jobs with different keys in parallel. At most `max_pending`
// jobs wait or run in all, and at most `max_per_key` under one key, so one
// key (one unprivileged user) cannot fill the queue for the others.
class WorkQueue {
public:
    static constexpr std::size_t kMaxPending = 1024;
    static constexpr std::size_t kNoKeyLimit = SIZE_MAX;
    // on_start: run first in each worker thread (its thread-local state).
    explicit WorkQueue(unsigned threads, std::size_t max_pending = kMaxPending,
                       std::size_t max_per_key = kNoKeyLimit, std::function<void()> on_start = {});
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
    std::size_t max_per_key_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// A key for a job that needs no ordering with any other (reads).
std::string unordered_key();

ZoneError busy_error();   // "the zones service is busy; try again later"

// Run `fn`; what it throws becomes the reply's error.
template <typename... Out, typename Fn>
void answer_errors(Reply<Out...>& reply, Fn&& fn) noexcept {
    try {
        fn();
    } catch (const ZoneError& e) {
        reply.fail(e);
    } catch (const sdbus::Error& e) {
        reply.fail(internal_error(e.getMessage()));
    } catch (const std::exception& e) {
        reply.fail(internal_error(e.what()));
    } catch (...) {
        reply.fail(internal_error("unknown failure"));
    }
}

// The job that runs `work(*reply)`; every exception becomes the matching
// D-Bus error.
template <typename... Out, typename Work>
std::function<void()> make_job(std::shared_ptr<Reply<Out...>> reply, Work work) {
    return [reply = std::move(reply), work = std::move(work)]() mutable {
        answer_errors(*reply, [&] { work(*reply); });
    };
}

// Run the job on the queue under `key`; a full queue answers
// org.zones.Error.Busy. Never throws.
template <typename... Out, typename Work>
void submit_job(WorkQueue& queue, const std::string& key, std::shared_ptr<Reply<Out...>> reply,
                Work work) noexcept {
    try {
        if (!queue.submit(key, make_job(reply, std::move(work))))
            reply->fail(busy_error());
    } catch (const std::exception& e) {
        reply->fail(internal_error(e.what()));
    }
}

// The same from a handler's Result.
template <typename... Out, typename Work>
void run_operation(WorkQueue& queue, const std::string& key, sdbus::Result<Out...>&& result,
                   Work work) noexcept {
    // Runs on the bus thread: sdbus-c++ 1.2 lets only sdbus::Error out of
    // a handler, anything else would terminate the daemon.
    try {
        submit_job(queue, key, std::make_shared<Reply<Out...>>(std::move(result)), std::move(work));
    } catch (const std::exception&) {
        // out of memory making the reply: nobody left to answer through
    }
}

}  // namespace zones::daemon
