"""Property test of the push rules over random outboxes, rejections and lost answers:
nothing is lost, the OMS applies every event exactly once, and no event is ever sent while an
earlier event of its order stands rejected."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from local_db.models.sync import OutboxEvent
from local_db.store import Store, open_store
from sync.client import OmsClient
from sync.credentials import Token
from sync.errors import TransientError
from sync.push import Pusher
from sync.state import StationIdentity
from tests.sync.helpers import add_outbox_row, enrol_locally, status_event, stock_event

IDENTITY = StationIdentity("ST-1", "WH1", "http://oms.test")
ORDERS = st.sampled_from(["SO-A", "SO-B", "SO-C", None])


class FickleOms:
    """Applies each event once; refuses chosen events the first time they arrive; loses the
    answer to chosen requests after applying them."""

    def __init__(self, store: Store, refuse_first: set[int], lose_answer: set[int]) -> None:
        self.store = store
        self.refuse_first = refuse_first
        self.lose_answer = lose_answer
        self.applied: list[int] = []
        self.refused: set[int] = set()
        self.requests = 0

    def _rejected_before(self, order_no: str, seq: int) -> bool:
        with self.store.read_session() as session:
            return (
                session.scalar(
                    select(OutboxEvent.id).where(
                        OutboxEvent.order_no == order_no,
                        OutboxEvent.status == "rejected",
                        OutboxEvent.station_seq < seq,
                    )
                )
                is not None
            )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        results = []
        for envelope in json.loads(request.content)["events"]:
            seq = int(envelope["station_seq"])
            order_no = envelope["payload"].get("order_no")
            assert order_no is None or not self._rejected_before(order_no, seq), (
                f"event #{seq} was sent while an earlier event of {order_no} stood rejected"
            )
            if seq in self.applied:
                results.append({"event_id": envelope["event_id"], "outcome": "duplicate"})
            elif seq in self.refuse_first and seq not in self.refused:
                self.refused.add(seq)
                results.append(
                    {
                        "event_id": envelope["event_id"],
                        "outcome": "rejected",
                        "error_code": "NOT_NOW",
                        "error_message": "refused once",
                    }
                )
            else:
                self.applied.append(seq)
                results.append({"event_id": envelope["event_id"], "outcome": "accepted"})
        if self.requests in self.lose_answer:
            raise httpx.ReadError("connection dropped after commit", request=request)
        return httpx.Response(200, json={"results": results})


def supervisor_retries_everything(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(
            update(OutboxEvent).where(OutboxEvent.status == "rejected").values(status="pending")
        )
        uow.commit()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    orders=st.lists(ORDERS, min_size=1, max_size=25),
    refuse_first=st.sets(st.integers(min_value=1, max_value=25), max_size=6),
    lose_answer=st.sets(st.integers(min_value=1, max_value=30), max_size=4),
    batch_size=st.integers(min_value=1, max_value=6),
)
def test_push_never_loses_never_doubles_never_jumps_a_rejection(
    orders: list[str | None], refuse_first: set[int], lose_answer: set[int], batch_size: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "station.sqlite3")
        try:
            enrol_locally(store, IDENTITY)
            with store.unit_of_work() as uow:
                for order_no in orders:
                    payload = stock_event() if order_no is None else status_event(order_no)
                    add_outbox_row(uow.session, payload)
                uow.commit()
            oms = FickleOms(store, refuse_first, lose_answer)
            client = OmsClient(
                "http://oms.test", Token("t0ken"), transport=httpx.MockTransport(oms)
            )
            pusher = Pusher(store, client, IDENTITY, batch_size)
            for _ in range(100):
                try:
                    pusher.push_all()
                except TransientError:
                    continue
                supervisor_retries_everything(store)
                with store.read_session() as session:
                    left = session.scalars(
                        select(OutboxEvent.station_seq).where(OutboxEvent.status != "accepted")
                    ).all()
                if not left:
                    break
            assert sorted(oms.applied) == list(range(1, len(orders) + 1))
            with store.read_session() as session:
                assert set(session.scalars(select(OutboxEvent.status))) == {"accepted"}
        finally:
            store.close()
