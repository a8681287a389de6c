"""The background-operation helper: results, errors, progress and cancel reach the GUI thread.

Each test connects its waiter before the work can finish: a signal emitted before a waiter is
connected would otherwise be missed on a fast machine."""

import threading

from claimdesk.ui.operations import OperationRunner


def test_result_arrives_on_gui_thread_and_work_runs_elsewhere(qtbot):
    runner = OperationRunner()
    gate = threading.Event()
    worker_threads, delivered_on = [], []

    def work(context):
        gate.wait(5)
        worker_threads.append(threading.get_ident())
        return 42

    def on_done(result):
        delivered_on.append((threading.get_ident(), result))

    op = runner.submit("answer", work, on_done=on_done)
    with qtbot.waitSignal(op.signals.finished, timeout=5000) as blocker:
        gate.set()
    assert blocker.args == [42]
    assert delivered_on == [(threading.get_ident(), 42)]
    assert worker_threads[0] != threading.get_ident()


def test_errors_are_delivered_not_raised(qtbot):
    runner = OperationRunner()
    gate = threading.Event()
    errors = []

    def work(context):
        gate.wait(5)
        raise ValueError("bad file")

    op = runner.submit("fail", work, on_error=errors.append)
    with qtbot.waitSignal(op.signals.failed, timeout=5000):
        gate.set()
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
    assert started.wait(5)
    with qtbot.waitSignal(op.signals.cancelled, timeout=5000):
        op.cancel()
        proceed.set()
    qtbot.waitUntil(lambda: progress == [(1, 3, "first")], timeout=5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_an_operation_whose_window_is_gone_drops_its_result_quietly(qtbot):
    """Closing a window while its work runs deletes the signals' Qt object; the worker's
    last emit must not raise into the thread pool ("Signal source has been deleted")."""
    import shiboken6

    from claimdesk.ui.operations import Operation

    for outcome in (lambda _c: 42, lambda _c: 1 / 0):
        operation = Operation("closed window", outcome)
        shiboken6.delete(operation.signals)
        operation.run()  # raised RuntimeError before the fix
        assert not shiboken6.isValid(operation.signals)


def test_an_operation_ending_after_its_runner_was_deleted_raises_nothing(qtbot):
    """The window (and its runner) closes while work runs: the end of the work still arrives
    on the GUI thread, and must not emit on the deleted runner."""
    import shiboken6

    runner = OperationRunner()
    gate = threading.Event()
    operation = runner.submit("outlives its window", lambda _c: gate.wait(5))
    heard = []
    operation.signals.finished.connect(heard.append)
    threading.Timer(0.2, gate.set).start()  # the pool's destructor waits for the work
    shiboken6.delete(runner)
    qtbot.waitUntil(lambda: heard == [True], timeout=5000)
