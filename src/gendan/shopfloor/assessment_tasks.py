"""Background work (Huey) of this part of the shop floor: none is needed. A late
receipt's candidate (D1-2.1) is made by the `ReceiptPosted` subscriber
(`assessment_hooks.on_receipt_posted`), which core's outbox delivers durably and retries;
notifications of a refused stack are delivered by core's notification task."""
