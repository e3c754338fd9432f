// The drawing pad's JavaScript (see drawpad.go), which the cell sends to
// the page with dom.TransientJavascript. It draws the strokes on the
// canvas with a round pen, and sends the page's messages to Go (see
// padMessage in drawpad.go) with gonb_comm.send, the object GoNB installs
// in the page: each picture is the canvas shrunk to sent×sent pixels by
// the browser, one byte of grey per pixel (the red channel: the canvas is
// black on white), in base64.
//
// The file is one function of the pad's settings, which padJS calls:
//   id        prefix of the HTML ids of the pad's canvas, buttons, status
//   address   where gonb_comm sends the messages
//   size      side of the canvas, in canvas pixels
//   sent      side of the picture sent
//   pen       width of the pen, in canvas pixels
//   interval  least time between two pictures sent while the pen moves, ms
(({ id, address, size, sent, pen, interval }) => {
  let tries = 0;
  function setup() {
    const canvas = document.getElementById(id + "-canvas");
    const status = document.getElementById(id + "-status");
    // The canvas and GoNB's gonb_comm may arrive after this script: wait.
    if (!canvas || !status || !globalThis.gonb_comm) {
      if (++tries < 300) { setTimeout(setup, 50); return; }
      if (status) status.textContent = "no connection to the Go program: run the cell again";
      console.error("drawing pad " + id + ": no canvas or no gonb_comm");
      return;
    }
    if (canvas.dataset.live) return; // already set up
    canvas.dataset.live = "1";
    const send = (value) => { const c = globalThis.gonb_comm; if (c) c.send(address, value); };
    const ctx = canvas.getContext("2d");
    const blank = () => { ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, size, size); };
    blank();
    ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.lineWidth = pen; ctx.strokeStyle = "#000000";
    // The picture sent: the canvas shrunk to sent×sent, one grey byte per pixel, in base64.
    const small = document.createElement("canvas");
    small.width = small.height = sent;
    const sctx = small.getContext("2d", { willReadFrequently: true });
    sctx.imageSmoothingEnabled = true; sctx.imageSmoothingQuality = "high";
    function picture() {
      sctx.drawImage(canvas, 0, 0, sent, sent);
      const rgba = sctx.getImageData(0, 0, sent, sent).data;
      let bytes = "";
      for (let i = 0; i < rgba.length; i += 4) bytes += String.fromCharCode(rgba[i]);
      return btoa(bytes);
    }
    let seq = 0, drawing = false, last = null, timer = null, lastSent = 0, finished = false;
    function sendDrawing() {
      clearTimeout(timer); timer = null; lastSent = Date.now();
      send("draw:" + (++seq) + ":" + sent + "x" + sent + ":" + picture());
    }
    // While the pen moves: at most one picture every interval ms.
    function sendSoon() {
      if (timer) return;
      timer = setTimeout(sendDrawing, Math.max(0, interval - (Date.now() - lastSent)));
    }
    function point(e) {
      const r = canvas.getBoundingClientRect();
      return [(e.clientX - r.left) * size / r.width, (e.clientY - r.top) * size / r.height];
    }
    function line(a, b) { ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke(); }
    canvas.addEventListener("pointerdown", (e) => {
      if (finished) return;
      canvas.setPointerCapture(e.pointerId);
      drawing = true; last = point(e); line(last, last); sendSoon();
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!drawing) return;
      const p = point(e); line(last, p); last = p; sendSoon();
    });
    const lift = () => { if (drawing) { drawing = false; sendDrawing(); } };
    canvas.addEventListener("pointerup", lift);
    canvas.addEventListener("pointercancel", lift);
    document.getElementById(id + "-clear").addEventListener("click", () => {
      if (finished) return;
      clearTimeout(timer); timer = null; blank();
      send("clear:" + (++seq));
    });
    document.getElementById(id + "-done").addEventListener("click", (e) => {
      if (finished) return;
      finished = true; clearTimeout(timer);
      send("done:" + (++seq));
      status.textContent = "finished";
    });
    status.textContent = "draw a digit in the box";
    // Go waits a while for this first message (see pagelink.go): say it
    // again every second for a while, in case the connection was not up.
    send("ready:0");
    let again = 0;
    const readyTimer = setInterval(() => { if (finished || ++again > 20) clearInterval(readyTimer); else send("ready:0"); }, 1000);
  }
  setup();
})
