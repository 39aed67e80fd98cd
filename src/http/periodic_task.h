// Internal: a thread that runs a task every `period` until destroyed. The
// destructor wakes it at once, lets a running pass finish and joins, so
// the task may use members of its owner declared before the PeriodicTask.
#ifndef CARDEX_SRC_HTTP_PERIODIC_TASK_H_
#define CARDEX_SRC_HTTP_PERIODIC_TASK_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace cardex::http {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds period, std::function<void()> task)
      : period_(period), task_(std::move(task)), thread_([this] { Loop(); }) {}
  ~PeriodicTask() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period_, [this] { return stop_; })) {
      lock.unlock();
      task_();
      lock.lock();
    }
  }

  std::chrono::milliseconds period_;
  std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after the members above exist
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_PERIODIC_TASK_H_
