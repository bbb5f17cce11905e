// zoneadm log's table (tools/zoneadm/log_format.cpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "log_format.hpp"

using namespace zones::zoneadm;

namespace {

struct Utc {
    Utc() {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};

}  // namespace

TEST(LogFormat, HeaderAndOneLinePerEntry) {
    Utc utc;
    const std::uint64_t t = 1796591631ULL * 1000000;   // 2026-12-06 21:13:51 UTC
    const std::vector<LogLine> lines = {
        {t, "root", 0, 812, "boot", "ok", "root", ""},
        {t, "bob", 1001, 4242, "halt", "ok", "admin", ""},
        {t, "mallory", 1003, 4250, "halt", "denied", "",
         "zone 'web': User mallory is not authorized to halt this zone."},
        {t, "", 1234, 0, "install", "failed", "polkit", "zone 'web': is already installed.\nsecond line"},
        {t, "", UINT32_MAX, 7, "login", "ok", "polkit", ""},
    };
    EXPECT_EQ(format_log(lines),
              "TIME                 USER             PID  VERB       RESULT\n"
              "2026-12-06 21:13:51  root             812  boot       ok\n"
              "2026-12-06 21:13:51  bob             4242  halt       ok (admin)\n"
              "2026-12-06 21:13:51  mallory         4250  halt       denied: zone 'web': User mallory is not authorized to halt this zone.\n"
              "2026-12-06 21:13:51  uid 1234           -  install    failed: zone 'web': is already installed.\n"
              "2026-12-06 21:13:51  -                  7  login      ok (polkit)\n");
}

TEST(LogFormat, NoEntriesIsTheHeaderAlone) {
    EXPECT_EQ(format_log({}), "TIME                 USER             PID  VERB       RESULT\n");
}
