# Every third-party library sladesk links, found once here. See docs/architecture.md for why each one.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# RESTinio needs fmt found before it (Debian 12 pitfall) and standalone asio.
find_package(fmt REQUIRED)
find_package(restinio REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(date REQUIRED COMPONENTS date-tz)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(LIBICAL IMPORTED_TARGET libical)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
# GMime 3 parses inbound mail (src/mail); no CMake config on Debian 12, hence pkg-config.
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)

if(SLADESK_TESTS)
    find_package(GTest REQUIRED)
endif()
if(SLADESK_BENCH)
    find_package(benchmark REQUIRED)
endif()
