// The copies of /dev/null that cover /proc files in a zone: one for each
// file a fresh procfs of this kernel has, none for the others (closing an
// unused copy dissolves its mount, an RCU grace period on init's way), and
// a boot that finds a file without a copy fails.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mounts.hpp"

namespace zones::zoneadmd {
namespace {

TEST(NullMasks, ProbeSeesWhatAFullProcHas) {
    if (::geteuid() != 0) GTEST_SKIP() << "a procfs of our own needs root";
    const auto files = masked_proc_files();
    Fd probe;
    const std::vector<bool> present = proc_files_present(probe);
    EXPECT_TRUE(probe) << "the probe's procfs, for the caller to close";
    ASSERT_EQ(present.size(), files.size());
    int here = 0, gone = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        struct stat st {};
        EXPECT_EQ(present[i], ::lstat(files[i], &st) == 0) << files[i];   // our /proc is a full one
        (present[i] ? here : gone)++;
    }
    // /proc/keys is there on Debian's kernels; timer_stats went in 4.11.
    EXPECT_GT(here, 0);
    EXPECT_GT(gone, 0);
}

TEST(NullMasks, OneCopyForEachPresentFile) {
    if (::geteuid() != 0) GTEST_SKIP() << "open_tree needs root";
    Fd probe;
    const std::vector<bool> present = proc_files_present(probe);
    NullMasks nulls;
    ASSERT_EQ(open_null_masks(nulls, present), "");
    ASSERT_EQ(nulls.fds.size(), present.size());
    for (std::size_t i = 0; i < present.size(); ++i)
        EXPECT_EQ(static_cast<bool>(nulls.fds[i]), static_cast<bool>(present[i])) << masked_proc_files()[i];
}

// A file the probe did not report, present in the zone's /proc after all:
// the masking fails rather than leave it open. In a child of our own, in a
// mount namespace of its own (it mounts over /proc).
TEST(NullMasks, FileWithoutACopyFailsClosed) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounts need root";
    Fd probe;
    std::vector<bool> present = proc_files_present(probe);
    std::size_t keys = 0;
    while (keys < present.size() && std::string_view(masked_proc_files()[keys]) != "/proc/keys") ++keys;
    ASSERT_LT(keys, present.size());
    if (!present[keys]) GTEST_SKIP() << "no /proc/keys on this kernel";
    present[keys] = false;   // as if the probe had not seen it
    const pid_t c = ::fork();
    ASSERT_GE(c, 0);
    if (c == 0) {
        if (::unshare(CLONE_NEWNS) < 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) _exit(10);
        NullMasks nulls;
        if (!open_null_masks(nulls, present).empty()) _exit(11);
        if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) _exit(12);
        const std::string e = mask_proc_sys(nulls);
        _exit(e.find("mask /proc/keys: no copy of /dev/null") == 0 ? 0 : 13);
    }
    int st = 0;
    ASSERT_EQ(::waitpid(c, &st, 0), c);
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), 0);
}

}  // namespace
}  // namespace zones::zoneadmd
