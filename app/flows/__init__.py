"""What to scan next, without Qt: one state machine per floor flow (pick, pack, receive, count).

A flow takes parsed scans, typed numbers and command barcodes, calls the floor services and
answers with an immutable :class:`app.flows.view.FlowView` the Qt screens render as is.
"""
