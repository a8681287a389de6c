"""The background-operation helper: results, errors, progress and cancel reach the GUI thread."""

import threading

from PySide6.QtCore import QThread

from claimdesk.ui.operations import OperationRunner


def test_result_arrives_on_gui_thread_and_work_runs_elsewhere(qtbot):
    runner = OperationRunner()
    worker_threads = []
    results = []

    def work(context):
        worker_threads.append(threading.get_ident())
        return 42

    op = runner.submit("answer", work, on_done=results.append)
    with qtbot.waitSignal(op.signals.finished, timeout=5000):
        pass
    assert results == [42]
    assert worker_threads[0] != threading.get_ident()
    assert QThread.currentThread() is runner.thread()


def test_errors_are_delivered_not_raised(qtbot):
    runner = OperationRunner()
    errors = []

    def work(context):
        raise ValueError("bad file")

    op = runner.submit("fail", work, on_error=errors.append)
    with qtbot.waitSignal(op.signals.failed, timeout=5000):
        pass
    assert isinstance(errors[0], ValueError)


def test_progress_and_cancel(qtbot):
    runner = OperationRunner()
    started = threading.Event()
    proceed = threading.Event()
    progress = []

    def work(context):
        context.report(1, 3, "first")
        started.set()
        proceed.wait(5)
        context.check_cancelled()
        return "finished anyway"

    op = runner.submit("long", work, on_progress=lambda *a: progress.append(a))
    started.wait(5)
    op.cancel()
    proceed.set()
    with qtbot.waitSignal(op.signals.cancelled, timeout=5000):
        pass
    qtbot.waitUntil(lambda: progress == [(1, 3, "first")], timeout=5000)
    assert not runner.busy
