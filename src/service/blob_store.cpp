#include "service/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/passwords.hpp"

namespace sladesk::service {
namespace {

Status WriteAllAndSync(const std::string& path, std::string_view bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return Error::Unavailable("cannot create " + path + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            return Error::Unavailable("cannot write " + path + ": " + reason);
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) return Error::Unavailable("cannot sync " + path);
    return OkStatus();
}

void SyncDirectory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

bool IsHexHash(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string BlobStore::PathOf(const std::string& sha256) const {
    return root_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

Result<std::string> BlobStore::Put(std::string_view bytes) const {
    const std::string hash = Sha256Hex(bytes);
    const std::filesystem::path target = PathOf(hash);
    std::error_code error;
    if (std::filesystem::exists(target, error)) return hash;
    std::filesystem::create_directories(target.parent_path(), error);
    if (error) return Error::Unavailable("cannot create " + target.parent_path().string() + ": " + error.message());
    const std::string temporary = target.string() + ".tmp." + std::to_string(::getpid()) + "." +
                                  std::to_string(temp_counter_.fetch_add(1));
    SLADESK_TRY(WriteAllAndSync(temporary, bytes));
    std::filesystem::rename(temporary, target, error);
    if (error) return Error::Unavailable("cannot store " + target.string() + ": " + error.message());
    SyncDirectory(target.parent_path());
    return hash;
}

Result<std::string> BlobStore::Get(const std::string& sha256) const {
    if (!IsHexHash(sha256)) return Error::InvalidArgument("not an attachment hash");
    std::ifstream in(PathOf(sha256), std::ios::binary);
    if (!in) return Error::NotFound("attachment content " + sha256.substr(0, 12));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace sladesk::service
