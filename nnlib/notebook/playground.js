// The playground's JavaScript (see playcontrols.go), which the cell sends
// to the page with dom.TransientJavascript. It sends the page's messages to
// Go (see parsePlayMessage in playcontrols.go) with gonb_comm.send, the
// object GoNB installs in the page: "run" with the settings whenever a
// control changes or Run is clicked, "reset" with the starting settings
// when Reset puts the controls back, "stop" for Stop. The charts come back
// from Go as HTML, under the controls.
//
// The file is one function of the controls' settings, which playJS calls:
//   id       prefix of the HTML ids of the controls, buttons and status
//   address  where gonb_comm sends the messages
//   rates    the learning rates that the rate slider's positions stand for
//   start    each control's starting value, as the page holds it
(({ id, address, rates, start }) => {
  const names = ["rate", "batch", "optimizer", "schedule", "hidden", "epochs", "subset"];
  const el = (name) => document.getElementById(id + "-" + name);
  let tries = 0;
  function setup() {
    const root = document.getElementById(id);
    const status = el("status");
    // The controls and GoNB's gonb_comm may arrive after this script: wait.
    if (!root || !status || !globalThis.gonb_comm) {
      if (++tries < 300) { setTimeout(setup, 50); return; }
      if (status) status.textContent = "no connection to the Go program: run the cell again";
      console.error("playground " + id + ": no controls or no gonb_comm");
      return;
    }
    if (root.dataset.live) return; // already set up
    root.dataset.live = "1";
    const send = (value) => { const c = globalThis.gonb_comm; if (c) c.send(address, value); };
    const settings = () => ({
      rate: Number(el("rate").value), batch: Number(el("batch").value),
      optimizer: el("optimizer").value, schedule: el("schedule").value, hidden: el("hidden").value,
      epochs: Number(el("epochs").value), subset: Number(el("subset").value),
    });
    const showRate = () => { el("rate-value").textContent = String(rates[Number(el("rate").value)]); };
    let seq = 0, finished = false;
    function request(kind) {
      if (finished) return;
      send(kind + ":" + (++seq) + ":" + JSON.stringify(settings()));
      status.textContent = "sent: the chart below follows the latest settings";
    }
    // Keys pressed in the controls are theirs: without this, JupyterLab
    // would also take the arrow keys on the slider as its own shortcuts
    // (the left arrow folds the section above).
    root.addEventListener("keydown", (e) => e.stopPropagation());
    el("rate").addEventListener("input", showRate);
    for (const name of names) el(name).addEventListener("change", () => request("run"));
    el("run").addEventListener("click", () => request("run"));
    el("reset").addEventListener("click", () => {
      for (const name of names) el(name).value = start[name];
      showRate();
      request("reset");
    });
    el("stop").addEventListener("click", () => {
      if (finished) return;
      finished = true;
      send("stop:" + (++seq));
      for (const name of [...names, "run", "reset", "stop"]) el(name).disabled = true;
      status.textContent = "stopped";
    });
    status.textContent = "move a control, and the network trains again";
    // Go waits a while for this first message, then gives up; say it again
    // every second for a while, in case the connection was not up (see
    // pagelink.go; Go takes the first one heard and ignores the others).
    send("ready:0");
    let again = 0;
    const readyTimer = setInterval(() => { if (finished || ++again > 20) clearInterval(readyTimer); else send("ready:0"); }, 1000);
  }
  setup();
})
