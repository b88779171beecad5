// For tests only: a tiny HTTP/1.1 server on 127.0.0.1 (plain TCP, keep-alive), so the
// client's retries, timeouts, cancellation and streaming are tested without a cluster.
// Each connection is served on its own thread; the handler decides every reply.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dsc::kube::testing {

struct TestRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct TestReply {
  std::string raw;  // written as is
  // Then keep the connection open, silent, until the client leaves. Otherwise it is
  // closed after a "Connection: close" reply and kept for the next request if not.
  bool hold = false;
};

// "HTTP/1.1 <status>" with a Content-Length, keep-alive.
inline TestReply Reply(int status, const std::string& body, const std::string& extra_headers = "") {
  return {"HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
              extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
          false};
}

class TestHttpServer {
 public:
  using Handler = std::function<TestReply(const TestRequest&)>;

  explicit TestHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listen_fd_, 16);
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~TestHttpServer() {
    stop_ = true;
    accept_thread_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& thread : connection_threads_) thread.join();
    ::close(listen_fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }
  int requests() const { return requests_; }

  // A loopback port with nothing listening (bound, then released).
  static int ClosedPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
  }

 private:
  // Waits up to 20 ms for `fd` to be readable, so stop_ is seen promptly.
  static bool Readable(int fd) {
    pollfd entry{fd, POLLIN, 0};
    return ::poll(&entry, 1, 20) > 0;
  }

  void AcceptLoop() {
    while (!stop_) {
      if (!Readable(listen_fd_)) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      connection_threads_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  // Appends what arrives; false when the peer closed or the server stops.
  bool ReadMore(int fd, std::string* buffer) {
    while (!stop_) {
      if (!Readable(fd)) continue;
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer->append(chunk, size_t(n));
      return true;
    }
    return false;
  }

  static TestRequest ParseHead(const std::string& head) {
    TestRequest request;
    size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    size_t space = first.find(' ');
    request.method = first.substr(0, space);
    request.path = first.substr(space + 1, first.rfind(' ') - space - 1);
    size_t at = line_end + 2;
    while (at < head.size()) {
      size_t end = head.find("\r\n", at);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(at, end - at);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        size_t value = line.find_first_not_of(' ', colon + 1);
        request.headers[name] = value == std::string::npos ? "" : line.substr(value);
      }
      at = end + 2;
    }
    return request;
  }

  void Serve(int fd) {
    std::string buffer;
    while (!stop_) {
      size_t head_end;
      while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!ReadMore(fd, &buffer)) return Close(fd);
      }
      TestRequest request = ParseHead(buffer.substr(0, head_end));
      size_t length = 0;
      if (request.headers.count("content-length")) {
        length = std::stoul(request.headers["content-length"]);
      }
      while (buffer.size() < head_end + 4 + length) {
        if (!ReadMore(fd, &buffer)) return Close(fd);
      }
      request.body = buffer.substr(head_end + 4, length);
      buffer.erase(0, head_end + 4 + length);
      ++requests_;
      TestReply reply = handler_(request);
      ::send(fd, reply.raw.data(), reply.raw.size(), MSG_NOSIGNAL);
      if (reply.raw.find("\r\nConnection: close\r\n") != std::string::npos && !reply.hold) {
        return Close(fd);
      }
      if (reply.hold) {
        std::string ignored;
        while (ReadMore(fd, &ignored)) {
        }
        return Close(fd);
      }
    }
    Close(fd);
  }

  static void Close(int fd) { ::close(fd); }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::mutex mu_;
  std::thread accept_thread_;
  std::vector<std::thread> connection_threads_;
};

}  // namespace dsc::kube::testing
