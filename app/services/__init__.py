"""Floor services: plain functions taking a unit of work, one transaction each.

Each service validates everything before it changes anything, so a typed
:class:`app.errors.FloorError` means nothing changed; on success it writes its outbox
events and one audit row; the caller commits (``uow.commit()``).

``stock_changed.change_qty`` is the change of the free (sellable) quantity and
``available_qty`` the seed's available after the change.

Where stock movements travel: every physical change (on_hand/frozen/damaged deltas at
bin/batch level) appears in exactly one event of the action, so a station applying other
stations' events converges without double counting:

==================  ===================================================================
action              events (movements in the marked one)
==================  ===================================================================
receive command     outbound_received SUCCESS + stock_changed ALLOCATION per SKU, or
                    outbound_received FAIL STOCK_SHORTAGE (+ exception record)
refuse command      outbound_received FAIL WAREHOUSE_MISMATCH / OWNER_NOT_FOUND /
                    SKU_NOT_FOUND (+ COMMAND_REFUSED record; no order kept)
re-allocate         outbound_received SUCCESS + stock_changed ALLOCATION per SKU, for each
                    held (SHORTAGE) order the stock now covers; follows the events of any
                    action that puts stock on a shelf or releases it, of another
                    station's such event in the feed, or a supervisor's request
pick                [outbound_status PICKING] + picked_lines* + [outbound_status PICKED]
short pick          [PICKING] + picked_lines* + outbound_status EXCEPTION + [PICKED]
unpick             unpicked* (a PICKED order is PICKING again, at the OMS too)
order lost         stock_changed* PICK (the given-up picks' movements), then put backs
order exception     outbound_status EXCEPTION (error code: the reason) + exception record +
                    hold; resuming it sends [outbound_status PICKING / PICKED / PACKED]
pack                outbound_status PACKED
ship                outbound_status SHIPPED (tracking, carrier, packages, weight)
cancel              cancel_result + outbound_status CANCELLED + [stock_changed RELEASE]
put back            stock_changed* PUT_BACK
receive inbound     inbound_received* (one per receipt; closes_inbound on the last; a
                    return's lines name their disposition, held units move to damaged /
                    frozen) + stock_changed RECEIPT per SKU
putaway, move       stock_changed* MOVE per SKU
count / approve     inventory_adjusted* + stock_changed COUNT per adjusted row
adjust (reason)     inventory_adjusted* + stock_changed COUNT (nothing while pending)
freeze / unfreeze   stock_changed* FREEZE / UNFREEZE
mark damaged        stock_changed* DAMAGE
==================  ===================================================================
"""
