// The work queue's bounds: one key cannot take more than its share, so one
// unprivileged user's flood leaves room for everyone else.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "operation.hpp"

using namespace zones::daemon;

namespace {

// A gate the jobs wait at, so the queue stays full while we look.
struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool open = false;
    void wait() {
        std::unique_lock lock(mu);
        cv.wait(lock, [this] { return open; });
    }
    void release() {
        {
            std::lock_guard lock(mu);
            open = true;
        }
        cv.notify_all();
    }
};

}  // namespace

TEST(WorkQueue, OneKeyIsBoundedAndOthersStillGetIn) {
    Gate gate;
    std::atomic<int> ran{0};
    {
        WorkQueue q(2, 100, 3);
        int accepted = 0;
        for (int i = 0; i < 10; ++i)
            accepted += q.submit("uid:1000", [&] { gate.wait(); ++ran; }) ? 1 : 0;
        EXPECT_EQ(accepted, 3);      // one running + two waiting
        EXPECT_TRUE(q.submit("uid:1001", [&] { ++ran; }));
        EXPECT_TRUE(q.submit("uid:0", [&] { ++ran; }));
        gate.release();
        q.stop();
    }
    EXPECT_EQ(ran.load(), 5);
}

TEST(WorkQueue, TheTotalBoundHolds) {
    Gate gate;
    {
        WorkQueue q(1, 4);
        int accepted = 0;
        for (int i = 0; i < 10; ++i)
            accepted += q.submit(unordered_key(), [&] { gate.wait(); }) ? 1 : 0;
        EXPECT_EQ(accepted, 4);
        gate.release();
        q.stop();
    }
}

TEST(WorkQueue, AKeyGetsRoomAgainOnceItsJobsRan) {
    WorkQueue q(1, 100, 1);
    std::atomic<int> ran{0};
    for (int i = 0; i < 50; ++i) {
        while (!q.submit("uid:1000", [&] { ++ran; })) {
        }
    }
    q.stop();
    EXPECT_EQ(ran.load(), 50);
}

TEST(WorkQueue, EachWorkerRunsItsStartHookInItsOwnThreadBeforeAnyJob) {
    // zonesd opens each worker's system bus connection this way (scope.hpp).
    thread_local bool started = false;
    std::atomic<int> hooks{0}, jobs_after_hook{0};
    {
        WorkQueue q(4, 1024, SIZE_MAX, [&] {
            started = true;
            ++hooks;
        });
        for (int i = 0; i < 40; ++i)
            ASSERT_TRUE(q.submit(unordered_key(), [&] { jobs_after_hook += started ? 1 : 0; }));
        q.stop();
    }
    EXPECT_EQ(hooks.load(), 4);
    EXPECT_EQ(jobs_after_hook.load(), 40);
    // A hook that throws leaves its worker working.
    std::atomic<int> ran{0};
    WorkQueue q(2, 1024, SIZE_MAX, [] { throw std::runtime_error("no bus"); });
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(q.submit(unordered_key(), [&] { ++ran; }));
    q.stop();
    EXPECT_EQ(ran.load(), 10);
}
