#include "sys/line_reader.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace zones::sys;

namespace {

// `text` through a pipe from a child that writes it in odd-sized pieces:
// the reader gets short reads with lines straddling them.
struct Piped {
    Fd r;
    pid_t child = -1;
    ~Piped() {
        r.reset();
        if (child > 0) ::waitpid(child, nullptr, 0);
    }
    explicit Piped(const std::string& text) {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0) return;
        r = Fd(p[0]);
        Fd w(p[1]);
        child = ::fork();
        if (child == 0) {
            std::size_t off = 0;
            while (off < text.size()) {
                const ssize_t n = ::write(w.get(), text.data() + off, std::min<std::size_t>(997, text.size() - off));
                if (n <= 0) ::_exit(1);
                off += static_cast<std::size_t>(n);
            }
            ::_exit(0);
        }
    }
};

std::vector<std::string> lines_of(LineReader& lr) {
    std::vector<std::string> v;
    for (std::string_view l; lr.next(l);) v.emplace_back(l);
    return v;
}

}  // namespace

TEST(LineReader, ReadsEveryLineAcrossShortReads) {
    std::string text;
    std::vector<std::string> want;
    for (int i = 0; i < 20000; ++i) {   // ~500 KiB: far more than one buffer
        want.push_back("line " + std::to_string(i) + std::string(i % 50, 'x'));
        text += want.back() + "\n";
    }
    Piped p(text);
    LineReader lr(p.r.get());
    EXPECT_EQ(lines_of(lr), want);
    EXPECT_FALSE(lr.failed());
    EXPECT_EQ(lr.skipped(), 0u);
}

TEST(LineReader, LastLineWithoutNewlineAndEmptyLines) {
    Piped p("a\n\nb");
    LineReader lr(p.r.get());
    EXPECT_EQ(lines_of(lr), (std::vector<std::string>{"a", "", "b"}));
}

TEST(LineReader, EmptyInputHasNoLines) {
    Piped p("");
    LineReader lr(p.r.get());
    EXPECT_TRUE(lines_of(lr).empty());
    EXPECT_FALSE(lr.failed());
}

TEST(LineReader, SkipsLinesLongerThanTheLimitWholeAndGoesOn) {
    const std::string longline(100000, 'L');
    Piped p("first\n" + longline + "\nmiddle\n" + std::string(101, 'M') + "\nlast\n" + longline);
    LineReader lr(p.r.get(), 100);
    EXPECT_EQ(lines_of(lr), (std::vector<std::string>{"first", "middle", "last"}));
    EXPECT_EQ(lr.skipped(), 3u);
    EXPECT_FALSE(lr.failed());
}

TEST(LineReader, ALineOfExactlyTheLimitIsKept) {
    const std::string l(100, 'x');
    Piped p(l + "\n");
    LineReader lr(p.r.get(), 100);
    EXPECT_EQ(lines_of(lr), (std::vector<std::string>{l}));
}

TEST(LineReader, StopsEarlyWithoutReadingTheRest) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "0123456789\n";
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    Fd r(p[0]), w(p[1]);
    // Only one pipe's worth is written: reading to the end would block.
    ASSERT_EQ(::write(w.get(), text.data(), 4096), 4096);
    LineReader lr(r.get());
    std::string_view l;
    ASSERT_TRUE(lr.next(l));
    EXPECT_EQ(l, "0123456789");
    ASSERT_TRUE(lr.next(l));
    EXPECT_EQ(l, "0123456789");
}

TEST(LineReader, OpenFailureIsAnErrorNotAnEmptyFile) {
    LineReader lr = LineReader::open("/nonexistent/zones-line-reader");
    std::string_view l;
    EXPECT_FALSE(lr.next(l));
    EXPECT_TRUE(lr.failed());
    EXPECT_EQ(lr.error(), ENOENT);
}

TEST(LineReader, ReadsProcSelfMountinfo) {
    LineReader lr = LineReader::open("/proc/self/mountinfo");
    std::size_t n = 0;
    for (std::string_view l; lr.next(l);) {
        EXPECT_NE(l.find(" - "), std::string_view::npos) << l;
        ++n;
    }
    EXPECT_FALSE(lr.failed());
    EXPECT_GT(n, 0u);
}
