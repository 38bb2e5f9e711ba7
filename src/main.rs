//! GIL Lab's browser entry point: installs the panic hook and mounts the Yew app.

fn main() {
    gil_lab::start();
}
