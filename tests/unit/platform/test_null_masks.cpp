// The copies of /dev/null that cover /proc files in a zone: one for each
// file this kernel's /proc has, none for the others (closing an unused
// copy dissolves its mount, an RCU grace period on init's way).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mounts.hpp"

namespace zones::zoneadmd {
namespace {

TEST(NullMasks, OneCopyForEachFileThisKernelHas) {
    if (::geteuid() != 0) GTEST_SKIP() << "open_tree needs root";
    NullMasks nulls;
    ASSERT_EQ(open_null_masks(nulls), "");
    const auto files = masked_proc_files();
    ASSERT_EQ(nulls.fds.size(), files.size());
    int present = 0, absent = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        struct stat st {};
        const bool here = ::lstat(files[i], &st) == 0;
        EXPECT_EQ(static_cast<bool>(nulls.fds[i]), here) << files[i];
        (here ? present : absent)++;
    }
    // /proc/keys is there on Debian's kernels; timer_stats went in 4.11.
    EXPECT_GT(present, 0);
    EXPECT_GT(absent, 0);
}

}  // namespace
}  // namespace zones::zoneadmd
