// Zone IDs as illumos hands them out (illumos-reference §4.3): 1-9999,
// next-fit (every ready/boot/reboot gets a new, normally larger ID,
// wrapping after 9999), never two live zones with the same ID.
#pragma once

#include <mutex>
#include <optional>
#include <set>

namespace zones::daemon {

class ZoneIds {
public:
    static constexpr int kMin = 1;
    static constexpr int kMax = 9999;

    // The next free ID after the last one handed out; nullopt when all
    // 9999 are in use.
    std::optional<int> allocate();
    // Mark an ID in use (a live zone found again after a restart).
    // false when it already is.
    bool claim(int id);
    void release(int id);

private:
    std::mutex mu_;
    std::set<int> used_;
    int last_ = 0;
};

}  // namespace zones::daemon
