"""The fault matrix: every partner operation through every fault, and what each cell must prove.

One harness serves the tests (`test_matrix.py`) and `bench/fault_matrix.py`. A cell points every partner at a
FaultProxy in front of the sandbox, with a short read timeout, and runs one operation through one fault. Then,
with the proxy passing again, it does what staff or the schedules would do next (reconcile and submit again,
or run the sync again) and checks the promises:

- nothing lost, nothing sent twice: it counts the requests that reached the sandbox and what the sandbox
  placed, booked or registered;
- every submission ends in a state staff can act on, with the reason shown, never `sending`, never
  half-written; a failed sync says why and leaves the data as it was;
- the rerun completes the work, and each order is placed exactly once.

Back-off pauses between retried reads are recorded rather than slept, and checked against Retry-After.
"""

import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from backoffice.partner_http import PartnerHTTP, close_sessions
from backoffice.sandbox import credentials, state
from tests.support import rolled_back

from .shop import SHOP_SETTINGS
from .submissions import SUBMISSIONS
from .syncs import SYNCS
from .zonos import ZONOS_ACTIONS

TIMEOUT = (2.0, 5.0)  # before and after the fault: generous, so a busy machine never fails a cell
FAULT_TIMEOUT = (2.0, 0.5)  # while the fault is on: short, so latency beyond it is quick to test
LATENCY = 1.0  # how long the proxy holds a reply back: beyond the fault's read timeout
RETRY_AFTER = "120"  # longer than the lifecycle's first back-off, so honouring it shows


@dataclass(frozen=True)
class Fault:
    label: str
    kind: str
    options: dict = field(default_factory=dict)
    forwards: bool = False  # the request reaches the partner, which acts on it

    @property
    def nothing_processed(self):
        """Only maintenance and overload say the partner processed nothing (the partners' docs); any other
        failure after a write may come after the partner acted. Stated here, not taken from the code tested."""
        return self.kind == "status" and self.options["status"] in (429, 503)

    @property
    def partial(self):
        """The fault hits only a later request: what went before it got through."""
        return self.options.get("skip", 0) > 0

    @property
    def retry_after(self) -> float | None:
        value = self.options.get("retry_after")
        return float(value) if value else None


def _status(status, *, retry_after=None, forward=False):
    label = f"{status}" + (" +RA" if retry_after else "") + (" late" if forward else "")
    options = {"status": status, "retry_after": retry_after, "forward": forward}
    return Fault(label, "status", options, forwards=forward)


FAULTS = (
    Fault("latency", "latency", {"delay": LATENCY}, forwards=True),
    Fault("reset before", "reset_before"),
    Fault("reset after", "reset_after", forwards=True),
    Fault("cut reply", "cut_reply", forwards=True),
    *(_status(status, retry_after=retry_after) for status in (500, 502, 503) for retry_after in (None, RETRY_AFTER)),
    *(_status(status, forward=True) for status in (500, 502, 504)),  # an error after the partner acted
    # A gateway delivers the request after the client gave up on it.
    Fault("late request", "hold_request", {"delay": LATENCY}, forwards=True),
    Fault("HTML", "html"),
    Fault("empty", "empty"),
)


@dataclass
class Cell:
    operation: str
    fault: str
    outcome: str = ""
    reason: str = ""  # what staff were told when the fault hit
    problems: list = field(default_factory=list)
    doubled: int = 0  # orders the partner received or placed more than once
    lost: int = 0  # orders the partner did not hold in the end

    @property
    def ok(self):
        return not self.problems


@dataclass
class Env:
    """Where the sandbox is served, and the proxy in front of it."""

    sandbox: str  # the sandbox's own base URL, e.g. http://127.0.0.1:8111/sandbox
    proxy: object  # a started tests.faults.proxy.FaultProxy forwarding to the sandbox's server
    pauses: list = field(default_factory=list)

    def partner_settings(self):
        base = f"{self.proxy.url}/sandbox"
        return {
            **SHOP_SETTINGS, **timeouts(TIMEOUT),
            "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "127.0.0.1"],  # requests through the proxy keep its address
            "INNOCIGS_BASE_URL": f"{base}/innocigs", "INNOCIGS_CID": credentials.INNOCIGS_CID,
            "INNOCIGS_PASSWORD": credentials.INNOCIGS_PASSWORD,
            "INNOSHIP_BASE_URL": f"{base}/innoship", "INNOSHIP_API_KEY": credentials.INNOSHIP_API_KEY,
            "MEINEINKAUF_BASE_URL": f"{base}/meineinkauf/v1", "MEINEINKAUF_API_KEY": credentials.MEINEINKAUF_API_KEY,
            "ZONOS_BASE_URL": f"{base}/zonos", "ZONOS_STORE_ID": credentials.ZONOS_STORE_ID,
            "ZONOS_SECRET": credentials.ZONOS_SECRET,
        }


def timeouts(timeout):
    return {f"{partner.upper()}_TIMEOUT": timeout for partner in ("innocigs", "innoship", "meineinkauf", "zonos")}


class Run:
    """One cell in progress: the fault to inject, and the broken promises found so far."""

    def __init__(self, env, fault, cell):
        self.env = env
        self.fault = fault
        self.cell = cell
        self.pauses_from = 0
        self._fault_timeouts = None

    def problem(self, text):
        self.cell.problems.append(text)

    def fault_on(self):
        self.pauses_from = len(self.env.pauses)
        self._fault_timeouts = override_settings(**timeouts(FAULT_TIMEOUT))
        self._fault_timeouts.enable()
        self.env.proxy.set(self.fault.kind, **self.fault.options)

    def fault_off(self):
        self.env.proxy.set("pass")
        if self._fault_timeouts is not None:
            self._fault_timeouts.disable()
            self._fault_timeouts = None
        self.env.proxy.wait_until_idle()  # a request a gateway held back has reached the partner by now

    def pauses(self):
        """The back-off pauses asked for since the fault was switched on (None: the client's own back-off)."""
        return self.env.pauses[self.pauses_from :]

    def check_pauses(self):
        """A partner's Retry-After is honoured between retries of a read (within the client's cap)."""
        wanted = self.fault.retry_after
        if wanted is None:
            return
        expected = min(wanted, PartnerHTTP.retry_after_cap)
        off = [pause for pause in self.pauses() if pause != expected]
        if off:
            self.problem(f"retried after {off} s although the partner asked for {wanted:g} s")

    def sandbox_url(self, path):
        return f"{self.env.sandbox}/{path}"


@contextmanager
def recorded_pauses(pauses):
    """PartnerHTTP's back-off pauses are recorded instead of slept, so a cell takes seconds, not minutes."""
    original = PartnerHTTP._sleep
    PartnerHTTP._sleep = lambda self, attempt, retry_after: pauses.append(retry_after)
    try:
        yield
    finally:
        PartnerHTTP._sleep = original


@contextmanager
def sandbox_served():
    """Serves the sandbox from a threaded HTTP server on a free port of this process (Django's live server
    thread) and yields its base URL. The sandbox keeps its state in memory and never reads the database."""
    server = LiveServerThread("127.0.0.1", lambda app: app, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}/sandbox"
    finally:
        server.terminate()


def run_cell(operation, fault, env) -> Cell:
    """Runs `operation` through `fault` and what follows it, on an empty sandbox; whatever it writes to the
    database is rolled back afterwards, so the next cell starts from the same data."""
    cell = Cell(operation.name, fault.label)
    state.reset()
    # The sandbox accepts repeated order numbers, as a careless partner would: no cell passes because the
    # partner refused a double.
    state.accept_repeats(True)
    env.proxy.set("pass")
    run = Run(env, fault, cell)
    with (override_settings(**env.partner_settings(), **operation.settings), recorded_pauses(env.pauses),
          rolled_back()):
        try:
            cell.outcome = operation.run(run)
        except Exception as exc:  # a crash is a finding of the cell, with where it happened
            run.problem(f"crashed: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-4)}")
            cell.outcome = f"crashed ({type(exc).__name__})"
        finally:
            run.fault_off()
            close_sessions()
            state.accept_repeats(None)
    return cell


OPERATIONS = (*SUBMISSIONS, *SYNCS, *ZONOS_ACTIONS)
# Only the second request breaks (the partner acted, the connection is reset): the first order of a run that
# sends one request per order gets through, the second is unknown. For the submissions, whose runs send more
# than one request; a sync's single read through it would simply pass.
SECOND_REQUEST = Fault("2nd request reset", "reset_after", {"skip": 1, "times": 1}, forwards=True)
ALL_FAULTS = (*FAULTS, SECOND_REQUEST)


def faults_for(operation):
    return ALL_FAULTS if operation in SUBMISSIONS else FAULTS


def matrix_table(cells, operation_names, fault_labels) -> str:
    """The matrix as a Markdown table, operation by fault, and a line of totals."""
    by_key = {(cell.operation, cell.fault): cell for cell in cells}
    header = ["operation", *fault_labels]
    rows = []
    for name in operation_names:
        row = [name]
        for label in fault_labels:
            cell = by_key.get((name, label))
            row.append("" if cell is None else cell.outcome + ("" if cell.ok else " ✗"))
        rows.append(row)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(values):
        return "| " + " | ".join(str(v).ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    table = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]
    return "\n".join(table) + "\n\n" + totals_line(cells)


def totals_line(cells) -> str:
    passed = sum(cell.ok for cell in cells)
    return (f"{len(cells)} cells, {passed} pass, {len(cells) - passed} fail; "
            f"{sum(c.doubled for c in cells)} orders doubled, {sum(c.lost for c in cells)} lost")
